package dev.pulse.rules.facts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * The visitor's kind of device.
 *
 * <p>A rule compares it with the constant, {@code Device.DESKTOP}: a misspelt constant is a build error
 * naming the file and line, where a misspelt string would compile and never match.
 */
public enum Device {
  DESKTOP, MOBILE;

  /** As the API and the database write it: lower case. */
  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return value();
  }

  /** Reads either case ({@code desktop} or {@code DESKTOP}); anything else names the values it could be. */
  @JsonCreator
  public static Device of(String text) {
    if (text == null) {
      return null;
    }
    for (Device v : values()) {
      if (v.name().equalsIgnoreCase(text.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.toString(values()));
  }
}
