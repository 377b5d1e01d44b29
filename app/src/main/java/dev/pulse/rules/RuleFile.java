package dev.pulse.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** One DRL file of a rule base: its name inside the domain folder, and its text. */
public record RuleFile(String name, String text) {

  public String hash() {
    return sha256(text);
  }

  /** One hash for a set of files (names and texts, in name order). */
  public static String hashOf(List<RuleFile> files) {
    StringBuilder all = new StringBuilder();
    files.stream()
        .sorted(java.util.Comparator.comparing(RuleFile::name))
        .forEach(f -> all.append(f.name()).append('\0').append(f.hash()).append('\0'));
    return sha256(all.toString());
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
