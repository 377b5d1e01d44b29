package dev.pulse.surveys;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default texts of survey pages, mails and follow-ups, per language, from the message bundles
 * {@code messages/surveys_<lang>.properties} (en, sv, da, de). A language without a bundle, or a
 * region ({@code de-AT}), falls back to its base language, then to English.
 */
public final class SurveyTexts {

  /** The languages with a bundle. */
  public static final List<String> LANGUAGES = List.of("en", "sv", "da", "de");

  private static final Map<String, Properties> BUNDLES = new ConcurrentHashMap<>();

  private SurveyTexts() {}

  /** The text of {@code key} in {@code language} (or its fallback). */
  public static String get(String language, String key) {
    String value = bundle(base(language)).getProperty(key);
    if (value == null) {
      value = bundle("en").getProperty(key);
    }
    if (value == null) {
      throw new IllegalArgumentException("no survey text '" + key + "'");
    }
    return value;
  }

  /** The bundle's language for a survey language: {@code de-AT} → {@code de}, unknown → {@code en}. */
  public static String base(String language) {
    String base = language == null ? "en" : language.toLowerCase(Locale.ROOT).split("[-_]")[0];
    return LANGUAGES.contains(base) ? base : "en";
  }

  /** The keys and texts of one bundle, as stored. */
  public static Properties bundle(String language) {
    return BUNDLES.computeIfAbsent(language, SurveyTexts::load);
  }

  private static Properties load(String language) {
    Properties p = new Properties();
    try (InputStream in = SurveyTexts.class.getResourceAsStream("/messages/surveys_" + language + ".properties")) {
      if (in != null) {
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
