package dev.pulse.chatflows.facts;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a chatflow does when every available agent is at capacity.
 *
 * <p>A rule compares it with the constant, {@code AtCapacity.WAITING_MESSAGE}: a misspelt constant is a build error
 * naming the file and line, where a misspelt string would compile and never match.
 */
public enum AtCapacity {
  WAITING_MESSAGE, HIDE_LAUNCHER, NOTHING;

  /** Reads either case ({@code waiting_message} or {@code WAITING_MESSAGE}); anything else names the values it could be. */
  @JsonCreator
  public static AtCapacity of(String text) {
    if (text == null) {
      return null;
    }
    for (AtCapacity v : values()) {
      if (v.name().equalsIgnoreCase(text.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.toString(values()));
  }
}
