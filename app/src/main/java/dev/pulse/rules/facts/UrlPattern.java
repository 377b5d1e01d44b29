package dev.pulse.rules.facts;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Page URL patterns as targeting rules write them: {@code *} stands for any run of characters. */
public final class UrlPattern {

  private UrlPattern() {}

  /** Compiled patterns: the same few hundred patterns are matched on every page view. */
  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  private static final int MAX_CACHED = 10_000;

  /**
   * True when the URL matches the pattern, both compared without scheme, query, fragment or
   * trailing slash, ignoring case. A trailing {@code /*} also matches the path it ends
   * ({@code shop.example/help/*} matches {@code https://shop.example/help}).
   */
  public static boolean matches(String pattern, String url) {
    if (pattern == null || pattern.isBlank()) {
      return true;
    }
    if (url == null) {
      return false;
    }
    Pattern compiled = COMPILED.get(pattern);
    if (compiled == null) {
      compiled = compile(pattern);
      if (COMPILED.size() < MAX_CACHED) {
        COMPILED.put(pattern, compiled);
      }
    }
    return compiled.matcher(strip(url)).matches();
  }

  private static Pattern compile(String pattern) {
    String normalized = strip(pattern);
    boolean subtree = normalized.endsWith("/*");
    if (subtree) {
      normalized = normalized.substring(0, normalized.length() - 2);
    }
    StringBuilder regex = new StringBuilder();
    for (String part : normalized.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    if (subtree) {
      regex.append("(/.*)?");
    }
    return Pattern.compile(regex.toString());
  }

  /** Lower case, without scheme, query, fragment or trailing slash. */
  public static String strip(String url) {
    String u = url.trim();
    int from = 0;
    int scheme = u.indexOf("://");
    if (scheme > 0 && u.chars().limit(scheme).allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      from = scheme + 3;
    }
    int cut = u.length();
    for (int i = from; i < u.length(); i++) {
      char c = u.charAt(i);
      if (c == '?' || c == '#') {
        cut = i;
        break;
      }
    }
    while (cut - from > 1 && u.charAt(cut - 1) == '/') {
      cut--;
    }
    return u.substring(from, cut).toLowerCase(Locale.ROOT);
  }
}
