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
