package dev.pulse.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One family of message bundles, {@code messages/<family>_<lang>.properties} (UTF-8), in the
 * languages Pulse ships. A language without a bundle, or a region ({@code de-AT}), falls back to
 * its base language, then to English.
 */
public final class Texts {

  /** The languages with bundles. */
  public static final List<String> LANGUAGES = List.of("en", "sv", "da", "de");

  private final String family;
  private final Map<String, Properties> bundles = new ConcurrentHashMap<>();

  public Texts(String family) {
    this.family = family;
  }

  /** The text of {@code key} in {@code language} (or its fallback). */
  public String get(String language, String key) {
    String value = bundle(base(language)).getProperty(key);
    if (value == null) {
      value = bundle("en").getProperty(key);
    }
    if (value == null) {
      throw new IllegalArgumentException("no text '" + key + "' in messages/" + family + "_en.properties");
    }
    return value;
  }

  /** The text of {@code key} with its {@code {0}}, {@code {1}} ... filled in. */
  public String format(String language, String key, Object... arguments) {
    return new MessageFormat(get(language, key).replace("'", "''"), locale(language)).format(arguments);
  }

  /** The bundle's language: {@code de-AT} → {@code de}, unknown or none → {@code en}. */
  public static String base(String language) {
    String base = language == null ? "en" : language.toLowerCase(Locale.ROOT).split("[-_]")[0];
    return LANGUAGES.contains(base) ? base : "en";
  }

  /** The locale for dates and numbers in a language (its bundle's language). */
  public static Locale locale(String language) {
    return Locale.forLanguageTag(base(language));
  }

  /** The keys and texts of one bundle, as stored. */
  public Properties bundle(String language) {
    return bundles.computeIfAbsent(language, this::load);
  }

  private Properties load(String language) {
    Properties p = new Properties();
    try (InputStream in = Texts.class.getResourceAsStream("/messages/" + family + "_" + language + ".properties")) {
      if (in != null) {
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
