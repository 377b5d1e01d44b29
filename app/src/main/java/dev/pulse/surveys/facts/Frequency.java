package dev.pulse.surveys.facts;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;

/**
 * How often a web survey may be shown to the same visitor.
 *
 * <p>A rule compares it with the constant, {@code Frequency.NEVER_AGAIN}: a misspelt constant is a build error
 * naming the file and line, where a misspelt string would compile and never match.
 */
public enum Frequency {
  NEVER_AGAIN, AFTER_DAYS, ALWAYS;

  /** Reads either case ({@code never_again} or {@code NEVER_AGAIN}); anything else names the values it could be. */
  @JsonCreator
  public static Frequency of(String text) {
    if (text == null) {
      return null;
    }
    for (Frequency v : values()) {
      if (v.name().equalsIgnoreCase(text.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.toString(values()));
  }
}
