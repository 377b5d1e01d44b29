package dev.pulse.chatflows.facts;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which visitors a chatflow is for.
 *
 * <p>A rule compares it with the constant, {@code Visitors.ALL}: a misspelt constant is a build error
 * naming the file and line, where a misspelt string would compile and never match.
 */
public enum Visitors {
  ALL, KNOWN_CONTACTS, UNKNOWN_VISITORS;

  /** Reads either case ({@code all} or {@code ALL}); anything else names the values it could be. */
  @JsonCreator
  public static Visitors of(String text) {
    if (text == null) {
      return null;
    }
    for (Visitors v : values()) {
      if (v.name().equalsIgnoreCase(text.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.toString(values()));
  }
}
