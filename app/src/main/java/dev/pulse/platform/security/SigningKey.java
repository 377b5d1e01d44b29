package dev.pulse.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An HMAC-SHA256 key Pulse signs tokens with: the configured secret, or one generated on first use
 * and kept in the {@code settings} table under its name, so every replica and restart agree. Read
 * once, on the first signature.
 */
public final class SigningKey {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final JdbcTemplate jdbc;
  private final String settingName;
  private final String configuredSecret;
  private volatile byte[] key;

  public SigningKey(JdbcTemplate jdbc, String settingName, String configuredSecret) {
    this.jdbc = jdbc;
    this.settingName = settingName;
    this.configuredSecret = configuredSecret;
  }

  public byte[] sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] key() {
    byte[] k = key;
    if (k == null) {
      synchronized (this) {
        if (key == null) {
          key = load();
        }
        k = key;
      }
    }
    return k;
  }

  private byte[] load() {
    if (configuredSecret != null && !configuredSecret.isBlank()) {
      return configuredSecret.getBytes(StandardCharsets.UTF_8);
    }
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    jdbc.update("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING", settingName, B64.encodeToString(fresh));
    return B64D.decode(jdbc.queryForObject("SELECT value FROM settings WHERE name = ?", String.class, settingName));
  }
}
