package dev.pulse.conversations.facts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * An inbox's state for the widget: someone available, everyone away, everyone at capacity, or closed.
 *
 * <p>A rule compares it with the constant, {@code InboxStatus.AVAILABLE}: a misspelt constant is a build error
 * naming the file and line, where a misspelt string would compile and never match.
 */
public enum InboxStatus {
  AVAILABLE, AWAY, AT_CAPACITY, OFFLINE;

  /** As the API and the database write it: lower case. */
  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return value();
  }

  /** Reads either case ({@code available} or {@code AVAILABLE}); anything else names the values it could be. */
  @JsonCreator
  public static InboxStatus of(String text) {
    if (text == null) {
      return null;
    }
    for (InboxStatus v : values()) {
      if (v.name().equalsIgnoreCase(text.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.toString(values()));
  }
}
