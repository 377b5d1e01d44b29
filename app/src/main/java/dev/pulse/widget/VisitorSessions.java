package dev.pulse.widget;

import dev.pulse.platform.security.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A visitor's session with the widget: a random visitor id, signed with the site it belongs to
 * and an expiry, so a visitor proves who they are on every call and nobody can claim another
 * visitor's id (and read their conversation) by guessing or copying it. The key is shared by
 * every replica (the {@code settings} table, or {@code pulse.widget.secret}).
 */
@Service
public class VisitorSessions {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  static final Duration LIFETIME = Duration.ofDays(30);

  public record Session(String siteId, String visitorId, Instant expiresAt, String token) {}

  private final SigningKey key;
  private final SecureRandom random = new SecureRandom();

  VisitorSessions(JdbcTemplate jdbc, @Value("${pulse.widget.secret:}") String secret) {
    this.key = new SigningKey(jdbc, "widget.session-key", secret);
  }

  /** A new visitor, or the same visitor again with a fresh expiry when {@code previous} is theirs on this site. */
  public Session open(String siteId, String previous) {
    String visitorId = verify(siteId, previous).map(Session::visitorId).orElseGet(() -> {
      byte[] id = new byte[16];
      random.nextBytes(id);
      return "v_" + B64.encodeToString(id);
    });
    Instant expires = Instant.now().plus(LIFETIME);
    String payload = siteId + "|" + visitorId + "|" + expires.getEpochSecond();
    String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return new Session(siteId, visitorId, expires, body + "." + B64.encodeToString(key.sign(body.getBytes(StandardCharsets.US_ASCII))));
  }

  /** The session a token proves on this site; empty when it is forged, expired, malformed or for another site. */
  public Optional<Session> verify(String siteId, String token) {
    return signed(token).filter(p -> p.length == 3 && p[0].equals(siteId)).flatMap(p -> live(p[2]).map(e -> new Session(p[0], p[1], e, token)));
  }

  /** A ticket for the live stream's URL: the visitor's, on this site, good for {@link #TICKET_LIFETIME}. */
  public record Ticket(String ticket, Instant expiresAt) {}

  static final Duration TICKET_LIFETIME = Duration.ofSeconds(60);

  /**
   * A ticket that opens the visitor's live stream for a minute. An EventSource cannot send
   * headers, so what proves the visitor goes in the URL, and URLs end up in access logs: a
   * ticket there is worth a minute of reading, the session token it replaces thirty days.
   */
  public Ticket ticket(Session session) {
    Instant expires = Instant.now().plus(TICKET_LIFETIME);
    String payload = "events|" + session.siteId() + "|" + session.visitorId() + "|" + expires.getEpochSecond();
    String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return new Ticket(body + "." + B64.encodeToString(key.sign(body.getBytes(StandardCharsets.US_ASCII))), expires);
  }

  /** The visitor a stream ticket proves on this site; empty when forged, expired, malformed, for another site, or a session token. */
  public Optional<Session> verifyTicket(String siteId, String ticket) {
    return signed(ticket).filter(p -> p.length == 4 && p[0].equals("events") && p[1].equals(siteId))
        .flatMap(p -> live(p[3]).map(e -> new Session(p[1], p[2], e, null)));
  }

  /** The parts of a signed token, when its signature is ours. */
  private Optional<String[]> signed(String token) {
    if (token == null || token.length() > 400) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    try {
      String body = token.substring(0, dot);
      byte[] expected = key.sign(body.getBytes(StandardCharsets.US_ASCII));
      if (!MessageDigest.isEqual(expected, B64D.decode(token.substring(dot + 1)))) {
        return Optional.empty();
      }
      return Optional.of(new String(B64D.decode(body), StandardCharsets.UTF_8).split("\\|"));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> live(String epochSecond) {
    try {
      Instant expires = Instant.ofEpochSecond(Long.parseLong(epochSecond));
      return expires.isBefore(Instant.now()) ? Optional.empty() : Optional.of(expires);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }
}
