package dev.pulse.rules.facts;

import java.util.Locale;
import java.util.regex.Pattern;

/** Page URL patterns as targeting rules write them: {@code *} stands for any run of characters. */
public final class UrlPattern {

  private UrlPattern() {}

  public static boolean matches(String pattern, String url) {
    if (pattern == null || pattern.isBlank()) {
      return true;
    }
    if (url == null) {
      return false;
    }
    String normalizedUrl = strip(url);
    String normalizedPattern = strip(pattern);
    StringBuilder regex = new StringBuilder();
    for (String part : normalizedPattern.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.matches(regex.toString(), normalizedUrl);
  }

  /** Lower case, without scheme, query, fragment or trailing slash. */
  static String strip(String url) {
    String u = url.trim().toLowerCase(Locale.ROOT);
    u = u.replaceFirst("^[a-z]+://", "");
    int cut = u.length();
    for (char c : new char[] {'?', '#'}) {
      int at = u.indexOf(c);
      if (at >= 0 && at < cut) {
        cut = at;
      }
    }
    u = u.substring(0, cut);
    while (u.endsWith("/") && u.length() > 1) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }
}
