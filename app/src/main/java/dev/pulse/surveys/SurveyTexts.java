package dev.pulse.surveys;

import dev.pulse.platform.Texts;
import java.util.List;
import java.util.Properties;

/**
 * The default texts of survey pages, mails and follow-ups, per language, from the message bundles
 * {@code messages/surveys_<lang>.properties} (en, sv, da, de); fallbacks as {@link Texts}.
 */
public final class SurveyTexts {

  /** The languages with a bundle. */
  public static final List<String> LANGUAGES = Texts.LANGUAGES;

  private static final Texts TEXTS = new Texts("surveys");

  private SurveyTexts() {}

  /** The text of {@code key} in {@code language} (or its fallback). */
  public static String get(String language, String key) {
    return TEXTS.get(language, key);
  }

  /** The bundle's language for a survey language: {@code de-AT} → {@code de}, unknown → {@code en}. */
  public static String base(String language) {
    return Texts.base(language);
  }

  /** The keys and texts of one bundle, as stored. */
  public static Properties bundle(String language) {
    return TEXTS.bundle(language);
  }
}
