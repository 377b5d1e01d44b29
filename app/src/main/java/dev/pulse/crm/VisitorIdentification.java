package dev.pulse.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Visitor identification, as HubSpot's works: the host page's own backend, which knows who is
 * logged in, asks Pulse (with a SERVICE key) for a token naming that contact, and hands it to the
 * page; the page's widget sends it with its targeting calls. Only a visitor with such a token is
 * treated as the contact (sees the contact's surveys, answers as the contact); a bare contact id
 * from a browser proves nothing. The token is the contact id and an expiry, signed with
 * HMAC-SHA256 under {@code pulse.security.visitor-secret} or a key generated on first start and
 * kept in PostgreSQL (so every replica agrees).
 */
@Component
public class VisitorIdentification {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final ObjectMapper json;
  private final Duration lifetime;
  private final dev.pulse.platform.security.SigningKey key;

  VisitorIdentification(
      JdbcTemplate jdbc,
      ObjectMapper json,
      @Value("${pulse.security.visitor-secret:}") String configuredSecret,
      @Value("${pulse.security.visitor-token-lifetime:12h}") Duration lifetime) {
    this.json = json;
    this.key = new dev.pulse.platform.security.SigningKey(jdbc, "visitor-identification-secret", configuredSecret);
    this.lifetime = lifetime;
  }

  /** A signed token naming the contact, and when it expires. */
  public record Issued(String token, String contactId, Instant expiresAt) {}

  public Issued issue(String contactId) {
    Instant expires = Instant.now().plus(lifetime);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", contactId);
    claims.put("exp", expires.getEpochSecond());
    try {
      byte[] body = json.writeValueAsBytes(claims);
      return new Issued(B64.encodeToString(body) + "." + B64.encodeToString(sign(body)), contactId, expires);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The contact a token names, when its signature holds and it has not expired. */
  public Optional<String> verify(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0 || token.length() > 2000) {
      return Optional.empty();
    }
    try {
      byte[] body = B64D.decode(token.substring(0, dot));
      if (!MessageDigest.isEqual(B64D.decode(token.substring(dot + 1)), sign(body))) {
        return Optional.empty();
      }
      JsonNode claims = json.readTree(body);
      if (!claims.path("sub").isTextual() || Instant.now().getEpochSecond() > claims.path("exp").asLong(0)) {
        return Optional.empty();
      }
      return Optional.of(claims.get("sub").asText());
    } catch (IllegalArgumentException | java.io.IOException e) {
      return Optional.empty();
    }
  }

  private byte[] sign(byte[] body) {
    return key.sign(body);
  }
}
