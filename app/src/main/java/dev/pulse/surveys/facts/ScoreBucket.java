package dev.pulse.surveys.facts;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;

/**
 * The bucket an answer falls in; the scoring rules decide it, the follow-ups and the figures use it.
 *
 * <p>A rule compares it with the constant, {@code ScoreBucket.UNHAPPY}: a misspelt constant is a build error
 * naming the file and line, where a misspelt string would compile and never match.
 */
public enum ScoreBucket {
  UNHAPPY, NEUTRAL, HAPPY;

  /** Reads either case ({@code unhappy} or {@code UNHAPPY}); anything else names the values it could be. */
  @JsonCreator
  public static ScoreBucket of(String text) {
    if (text == null) {
      return null;
    }
    for (ScoreBucket v : values()) {
      if (v.name().equalsIgnoreCase(text.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.toString(values()));
  }
}
