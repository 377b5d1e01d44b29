package dev.pulse.surveys.facts;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;

/**
 * The kind of survey, and so its scale: CSAT 1-5, NPS 0-10, CES 1-7.
 *
 * <p>A rule compares it with the constant, {@code SurveyType.CSAT}: a misspelt constant is a build error
 * naming the file and line, where a misspelt string would compile and never match.
 */
public enum SurveyType {
  CSAT, NPS, CES;

  /** Reads either case ({@code csat} or {@code CSAT}); anything else names the values it could be. */
  @JsonCreator
  public static SurveyType of(String text) {
    if (text == null) {
      return null;
    }
    for (SurveyType v : values()) {
      if (v.name().equalsIgnoreCase(text.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.toString(values()));
  }
}
