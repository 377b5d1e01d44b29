package dev.pulse.platform.security;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pulse.platform.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys: {@code pulse_<id>_<secret>}. The id finds the row, the secret is checked against its
 * SHA-256 (keys are 256 random bits, so a fast hash is enough; nothing to brute-force) in
 * constant time. A revoked key stops working at once.
 */
@Service
public class ApiKeys {

  public enum Role {
    ADMIN,
    ANALYST,
    AGENT,
    SERVICE
  }

  /** A key as listed (never with its secret). */
  public record Key(String id, String name, Set<Role> roles, String agentId, String createdBy, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}

  /** A key just created: the only time its full value is known. */
  public record Created(Key key, String value) {}

  /** Who a valid key belongs to. */
  public record Caller(String name, Set<Role> roles, String agentId) {}

  private static final Pattern FORMAT = Pattern.compile("pulse_([a-z0-9]{12})_([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcTemplate jdbc;
  private final Json json;

  ApiKeys(JdbcTemplate jdbc, Json json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public static boolean looksLikeKey(String value) {
    return value != null && value.startsWith("pulse_");
  }

  public Created create(String name, Set<Role> roles, String agentId, String createdBy) {
    String id = HexFormat.of().formatHex(bytes(6));
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    insert(id, secret, name, roles, agentId, createdBy);
    return new Created(find(id).orElseThrow(), "pulse_" + id + "_" + secret);
  }

  /** Stores a key whose full value is given (a bootstrap key from configuration); false when its id exists. */
  boolean adopt(String value, String name, Set<Role> roles) {
    Matcher m = FORMAT.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("an API key looks like pulse_<12 lower-case letters or digits>_<43 URL-safe base64 characters>");
    }
    if (find(m.group(1)).isPresent()) {
      return false;
    }
    insert(m.group(1), m.group(2), name, roles, null, "configuration");
    return true;
  }

  private void insert(String id, String secret, String name, Set<Role> roles, String agentId, String createdBy) {
    jdbc.update("INSERT INTO api_keys (id, name, secret_hash, roles, agent_id, created_by) VALUES (?, ?, ?, ?::jsonb, ?, ?)",
        id, name, sha256(secret), json.write(roles.stream().map(Role::name).sorted().toList()), agentId, createdBy);
  }

  /** The caller of a key, if the key is well-formed, known, unrevoked and its secret matches. */
  public Optional<Caller> verify(String value) {
    Matcher m = FORMAT.matcher(value == null ? "" : value);
    if (!m.matches()) {
      return Optional.empty();
    }
    List<Object[]> rows = jdbc.query(
        "SELECT secret_hash, name, roles, agent_id, last_used_at IS NULL OR last_used_at < now() - interval '1 minute'"
            + " FROM api_keys WHERE id = ? AND revoked_at IS NULL",
        (rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)}, m.group(1));
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = rows.get(0);
    byte[] expected = ((String) row[0]).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = sha256(m.group(2)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, actual)) {
      return Optional.empty();
    }
    if ((Boolean) row[4]) { // last use recorded at most once a minute: no write on every request
      jdbc.update("UPDATE api_keys SET last_used_at = now() WHERE id = ?", m.group(1));
    }
    return Optional.of(new Caller((String) row[1], roles((String) row[2]), (String) row[3]));
  }

  public List<Key> all() {
    return jdbc.query("SELECT * FROM api_keys ORDER BY created_at, id", this::key);
  }

  public Optional<Key> find(String id) {
    return jdbc.query("SELECT * FROM api_keys WHERE id = ?", this::key, id).stream().findFirst();
  }

  private Key key(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Key(rs.getString("id"), rs.getString("name"), roles(rs.getString("roles")), rs.getString("agent_id"), rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("last_used_at") == null ? null : rs.getTimestamp("last_used_at").toInstant(),
        rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant());
  }

  /** What a revocation did. */
  public enum Revocation {
    REVOKED,
    ALREADY_REVOKED,
    LAST_ADMIN
  }

  /**
   * Revokes a key, unless it is the last active ADMIN key: nobody could then manage keys. Admin
   * revocations are serialised (a lock for the transaction), so two admins revoking each other at
   * once cannot both succeed.
   */
  @Transactional
  public Revocation revoke(String id) {
    jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('pulse-admin-keys'))");
    Boolean admin = jdbc.query("SELECT roles @> '[\"ADMIN\"]'::jsonb FROM api_keys WHERE id = ? AND revoked_at IS NULL", (rs, i) -> rs.getBoolean(1), id)
        .stream().findFirst().orElse(null);
    if (admin == null) {
      return Revocation.ALREADY_REVOKED;
    }
    if (admin && activeAdmins() <= 1) {
      return Revocation.LAST_ADMIN;
    }
    jdbc.update("UPDATE api_keys SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL", id);
    return Revocation.REVOKED;
  }

  /**
   * Creates an admin key when no active one exists (first start, or access lost by a change made
   * outside the API); null when one exists. Serialised with revocations and other replicas.
   */
  @Transactional
  public Created createAdminIfNone(String name, String createdBy) {
    jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('pulse-admin-keys'))");
    return activeAdmins() > 0 ? null : create(name, java.util.EnumSet.of(Role.ADMIN), null, createdBy);
  }

  private int activeAdmins() {
    return jdbc.queryForObject("SELECT count(*) FROM api_keys WHERE revoked_at IS NULL AND roles @> '[\"ADMIN\"]'::jsonb", Integer.class);
  }

  boolean anyActiveAdmin() {
    return Boolean.TRUE.equals(jdbc.queryForObject(
        "SELECT EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL AND roles @> '[\"ADMIN\"]'::jsonb)", Boolean.class));
  }

  private Set<Role> roles(String jsonRoles) {
    return json.read(jsonRoles, new TypeReference<List<String>>() {}).stream().map(Role::valueOf).collect(java.util.stream.Collectors.toCollection(
        () -> java.util.EnumSet.noneOf(Role.class)));
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String sha256(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
