package dev.pulse.conversations.facts;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;

/**
 * How an inbox routes its conversations: to specific users or teams, to the contact's owner, or to nobody automatically.
 *
 * <p>A rule compares it with the constant, {@code RoutingMode.SPECIFIC}: a misspelt constant is a build error
 * naming the file and line, where a misspelt string would compile and never match.
 */
public enum RoutingMode {
  SPECIFIC, CONTACT_OWNER, NONE;

  /** Reads either case ({@code specific} or {@code SPECIFIC}); anything else names the values it could be. */
  @JsonCreator
  public static RoutingMode of(String text) {
    if (text == null) {
      return null;
    }
    for (RoutingMode v : values()) {
      if (v.name().equalsIgnoreCase(text.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.toString(values()));
  }
}
