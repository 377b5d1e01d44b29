package dev.pulse.rules;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pulse.platform.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code rule_versions} table: every version of a rule base that went live. */
@Repository
class RuleVersionRepository {

  record StoredFile(String name, String hash, String text) {}

  record Version(
      RuleDomain domain,
      int version,
      String hash,
      List<StoredFile> files,
      List<String> ruleNames,
      String trigger,
      int buildMillis,
      String createdBy,
      Instant createdAt) {

    List<RuleFile> ruleFiles() {
      return files.stream().map(f -> new RuleFile(f.name(), f.text())).toList();
    }
  }

  private final JdbcTemplate jdbc;
  private final Json json;

  RuleVersionRepository(JdbcTemplate jdbc, Json json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  Optional<Version> latest(RuleDomain domain) {
    return jdbc.query("SELECT * FROM rule_versions WHERE domain = ? ORDER BY version DESC LIMIT 1", this::map, domain.id()).stream().findFirst();
  }

  Optional<Version> find(RuleDomain domain, int version) {
    return jdbc.query("SELECT * FROM rule_versions WHERE domain = ? AND version = ?", this::map, domain.id(), version).stream().findFirst();
  }

  /** The newest version number of each domain that has one. */
  Map<RuleDomain, Integer> latestNumbers() {
    Map<RuleDomain, Integer> latest = new java.util.EnumMap<>(RuleDomain.class);
    for (Map<String, Object> row : jdbc.queryForList("SELECT domain, max(version) AS version FROM rule_versions GROUP BY domain")) {
      RuleDomain.byId((String) row.get("domain")).ifPresent(d -> latest.put(d, ((Number) row.get("version")).intValue()));
    }
    return latest;
  }

  /**
   * True when these files are an older recorded version and the newest version came through the
   * API (a deployment or a rollback, on any replica): a stale copy, not an edit.
   */
  boolean supersededThroughApi(RuleDomain domain, String hash) {
    return Boolean.TRUE.equals(jdbc.queryForObject(
        "SELECT EXISTS (SELECT 1 FROM rule_versions newest WHERE newest.domain = ? AND newest.version = (SELECT max(version) FROM rule_versions WHERE domain = ?)"
            + " AND newest.trigger IN ('API_DEPLOY', 'ROLLBACK') AND newest.hash <> ?)"
            + " AND EXISTS (SELECT 1 FROM rule_versions WHERE domain = ? AND hash = ?)",
        Boolean.class, domain.id(), domain.id(), hash, domain.id(), hash));
  }

  /** Newest first. */
  List<Version> history(RuleDomain domain) {
    return jdbc.query("SELECT * FROM rule_versions WHERE domain = ? ORDER BY version DESC", this::map, domain.id());
  }

  /** Records a new version and returns its number (replicas racing for a number retry). */
  int record(CompiledRuleBase rules, String trigger, String createdBy) {
    List<StoredFile> files = rules.files().stream().map(f -> new StoredFile(f.name(), f.hash(), f.text())).toList();
    for (int attempt = 0; ; attempt++) {
      try {
        return jdbc.queryForObject(
            "INSERT INTO rule_versions (domain, version, hash, files, rule_names, trigger, build_ms, created_by)"
                + " SELECT ?, coalesce(max(version), 0) + 1, ?, ?::jsonb, ?::jsonb, ?, ?, ? FROM rule_versions WHERE domain = ?"
                + " RETURNING version",
            Integer.class,
            rules.domain().id(),
            rules.hash(),
            json.write(files),
            json.write(rules.ruleNames()),
            trigger,
            (int) rules.buildMillis(),
            createdBy,
            rules.domain().id());
      } catch (DuplicateKeyException e) {
        if (attempt >= 5) {
          throw e;
        }
      }
    }
  }

  private Version map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Version(
        RuleDomain.byId(rs.getString("domain")).orElseThrow(),
        rs.getInt("version"),
        rs.getString("hash"),
        json.read(rs.getString("files"), new TypeReference<List<StoredFile>>() {}),
        json.read(rs.getString("rule_names"), new TypeReference<List<String>>() {}),
        rs.getString("trigger"),
        rs.getInt("build_ms"),
        rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant());
  }

}
