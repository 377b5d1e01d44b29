package dev.pulse.surveys.facts;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a survey reaches its recipients.
 *
 * <p>A rule compares it with the constant, {@code DeliveryChannel.EMAIL}: a misspelt constant is a build error
 * naming the file and line, where a misspelt string would compile and never match.
 */
public enum DeliveryChannel {
  EMAIL, CHAT, WEB;

  /** Reads either case ({@code email} or {@code EMAIL}); anything else names the values it could be. */
  @JsonCreator
  public static DeliveryChannel of(String text) {
    if (text == null) {
      return null;
    }
    for (DeliveryChannel v : values()) {
      if (v.name().equalsIgnoreCase(text.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.toString(values()));
  }
}
