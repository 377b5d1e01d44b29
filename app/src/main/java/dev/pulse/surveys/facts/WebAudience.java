package dev.pulse.surveys.facts;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whom a web survey asks.
 *
 * <p>A rule compares it with the constant, {@code WebAudience.ALL}: a misspelt constant is a build error
 * naming the file and line, where a misspelt string would compile and never match.
 */
public enum WebAudience {
  ALL, CUSTOMERS_FOR_30_DAYS, CRITERIA, LISTS;

  /** Reads either case ({@code all} or {@code ALL}); anything else names the values it could be. */
  @JsonCreator
  public static WebAudience of(String text) {
    if (text == null) {
      return null;
    }
    for (WebAudience v : values()) {
      if (v.name().equalsIgnoreCase(text.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.toString(values()));
  }
}
