package dev.pulse.chatflows.facts;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a chatflow does when its inbox is offline.
 *
 * <p>A rule compares it with the constant, {@code WhenOffline.RETURN_TIME}: a misspelt constant is a build error
 * naming the file and line, where a misspelt string would compile and never match.
 */
public enum WhenOffline {
  RETURN_TIME, AWAY_MESSAGE, HIDE_LAUNCHER;

  /** Reads either case ({@code return_time} or {@code RETURN_TIME}); anything else names the values it could be. */
  @JsonCreator
  public static WhenOffline of(String text) {
    if (text == null) {
      return null;
    }
    for (WhenOffline v : values()) {
      if (v.name().equalsIgnoreCase(text.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.toString(values()));
  }
}
