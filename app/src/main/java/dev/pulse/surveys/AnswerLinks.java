package dev.pulse.surveys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The signed tokens of answer links ({@code /r/{token}}): the delivery and an expiry, signed with
 * HMAC-SHA256. Unguessable, tamper-evident, expiring with the response window; "works once" is
 * the delivery's state (one response per delivery). The key is {@code pulse.security.link-secret},
 * or one generated on first start and kept in PostgreSQL so every replica and restart agree.
 */
@Component
public class AnswerLinks {

  public enum Problem {
    INVALID,
    EXPIRED
  }

  public record Verified(String deliveryId, Instant expiresAt, Problem problem) {}

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final dev.pulse.platform.security.SigningKey key;

  AnswerLinks(JdbcTemplate jdbc, @Value("${pulse.security.link-secret:}") String configuredSecret) {
    this.key = new dev.pulse.platform.security.SigningKey(jdbc, "link-secret", configuredSecret);
  }

  public String token(String deliveryId, Instant expiresAt) {
    byte[] id = deliveryId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer payload = ByteBuffer.allocate(8 + id.length).putLong(expiresAt.getEpochSecond()).put(id);
    byte[] body = payload.array();
    return B64.encodeToString(body) + "." + B64.encodeToString(sign(body));
  }

  public Verified verify(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0 || token.length() > 512) {
      return new Verified(null, null, Problem.INVALID);
    }
    try {
      byte[] body = B64D.decode(token.substring(0, dot));
      byte[] signature = B64D.decode(token.substring(dot + 1));
      if (body.length <= 8 || !MessageDigest.isEqual(signature, sign(body))) {
        return new Verified(null, null, Problem.INVALID);
      }
      ByteBuffer buffer = ByteBuffer.wrap(body);
      Instant expires = Instant.ofEpochSecond(buffer.getLong());
      String deliveryId = new String(body, 8, body.length - 8, StandardCharsets.UTF_8);
      return new Verified(deliveryId, expires, Instant.now().isAfter(expires) ? Problem.EXPIRED : null);
    } catch (IllegalArgumentException e) {
      return new Verified(null, null, Problem.INVALID);
    }
  }

  private byte[] sign(byte[] body) {
    return key.sign(body);
  }
}
