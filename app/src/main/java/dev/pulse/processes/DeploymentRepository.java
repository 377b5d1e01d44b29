package dev.pulse.processes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code deployments} table: every attempt to deploy a BPMN file and how it ended. */
@Repository
class DeploymentRepository {

  record DeployedProcess(
      String processId, int version, long definitionKey, String resourceName, String checksum, Instant deployedAt) {}

  record Rejection(String resourceName, String checksum, String error, Instant at) {}

  private final JdbcTemplate jdbc;

  DeploymentRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records a deployed version; false when this exact version is already recorded (the engine
   * answered an unchanged file with the version it has).
   */
  boolean recordDeployed(String resource, String checksum, String processId, int version, long key, String trigger, String by, String content) {
    return jdbc.update(
            "INSERT INTO deployments (kind, resource_name, checksum, status, process_id, version, definition_key, trigger, deployed_by, content)"
                + " SELECT 'BPMN', ?, ?, 'DEPLOYED', ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM deployments WHERE kind = 'BPMN' AND active AND status = 'DEPLOYED' AND definition_key = ?)",
            resource, checksum, processId, version, key, trigger, by, content, key)
        == 1;
  }

  void recordRejected(String resource, String checksum, String error, String trigger, String by, String content) {
    jdbc.update(
        "INSERT INTO deployments (kind, resource_name, checksum, status, error, trigger, deployed_by, content)"
            + " VALUES ('BPMN', ?, ?, 'REJECTED', ?, ?, ?, ?)",
        resource, checksum, error, trigger, by, content);
  }

  /** A deployment attempt as the deployments API lists it. */
  record Attempt(
      long id, String resourceName, String checksum, String status, String error, String processId, Integer version, Long definitionKey, String trigger,
      String deployedBy, boolean active, Instant deployedAt) {}

  /** Every attempt, newest first; only the current engine's when {@code activeOnly}. */
  List<Attempt> attempts(boolean activeOnly, int limit) {
    return jdbc.query(
        "SELECT * FROM deployments WHERE kind = 'BPMN'" + (activeOnly ? " AND active" : "") + " ORDER BY deployed_at DESC, id DESC LIMIT ?",
        (rs, i) -> new Attempt(rs.getLong("id"), rs.getString("resource_name"), rs.getString("checksum"), rs.getString("status"), rs.getString("error"),
            rs.getString("process_id"), rs.getObject("version", Integer.class), rs.getObject("definition_key", Long.class), rs.getString("trigger"),
            rs.getString("deployed_by"), rs.getBoolean("active"), rs.getTimestamp("deployed_at").toInstant()),
        limit);
  }

  /** A deployed file as it was deployed. */
  record Stored(String resource, String checksum, String content) {}

  /**
   * Every deployment on the current engine, oldest first: deployed again in this order onto a
   * fresh engine, each process gets the same version numbers (the engine skips a file identical to
   * its newest version).
   */
  List<Stored> deployedHistory() {
    return jdbc.query(
        "SELECT resource_name, checksum, content FROM deployments WHERE kind = 'BPMN' AND active AND status = 'DEPLOYED' AND content IS NOT NULL"
            + " ORDER BY deployed_at, id",
        (rs, i) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3)));
  }

  /**
   * The newest deployed content of a file when it came through the API (a deployment or a
   * rollback, on any replica) and this content is an older deployed version of the file: the
   * folder's copy is stale, not an edit.
   */
  java.util.Optional<Stored> supersededThroughApi(String resource, String checksum) {
    return jdbc.query(
            "SELECT resource_name, checksum, content FROM deployments newest WHERE kind = 'BPMN' AND status = 'DEPLOYED' AND resource_name = ?"
                + " AND trigger <> 'RESTORED' AND content IS NOT NULL AND checksum <> ? AND trigger IN ('API', 'ROLLBACK')"
                + " AND deployed_at = (SELECT max(deployed_at) FROM deployments WHERE kind = 'BPMN' AND status = 'DEPLOYED' AND resource_name = ? AND trigger <> 'RESTORED')"
                + " AND EXISTS (SELECT 1 FROM deployments WHERE kind = 'BPMN' AND status = 'DEPLOYED' AND resource_name = ? AND checksum = ?)"
                + " LIMIT 1",
            (rs, i) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3)), resource, checksum, resource, resource, checksum)
        .stream().findFirst();
  }

  /** The newest deployed version of a file on this engine ("order v3"), if any. */
  java.util.Optional<String> lastGood(String resource) {
    return jdbc.queryForList(
            "SELECT process_id || ' v' || version FROM deployments WHERE kind = 'BPMN' AND active AND status = 'DEPLOYED' AND resource_name = ?"
                + " ORDER BY deployed_at DESC, id DESC LIMIT 1",
            String.class, resource)
        .stream().findFirst();
  }

  /** The newest deployed version of a file on this engine, as deployed. */
  java.util.Optional<Stored> lastGoodStored(String resource) {
    return jdbc.query(
            "SELECT resource_name, checksum, content FROM deployments WHERE kind = 'BPMN' AND active AND status = 'DEPLOYED' AND resource_name = ?"
                + " AND content IS NOT NULL ORDER BY deployed_at DESC, id DESC LIMIT 1",
            (rs, i) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3)), resource)
        .stream().findFirst();
  }

  /** The content of a deployed version of a process, on the current engine. */
  java.util.Optional<String> content(String processId, int version) {
    return jdbc.queryForList(
            "SELECT content FROM deployments WHERE kind = 'BPMN' AND active AND status = 'DEPLOYED' AND process_id = ? AND version = ? AND content IS NOT NULL"
                + " ORDER BY deployed_at LIMIT 1",
            String.class, processId, version)
        .stream().findFirst();
  }

  /** The checksum of the latest deployment attempt of a file on this engine, deployed or refused. */
  java.util.Optional<String> latestChecksum(String resource) {
    return jdbc.queryForList(
            "SELECT checksum FROM deployments WHERE kind = 'BPMN' AND active AND resource_name = ? ORDER BY deployed_at DESC, id DESC LIMIT 1",
            String.class, resource)
        .stream().findFirst();
  }

  /** The resource (file name) a process was last deployed from. */
  java.util.Optional<String> resourceOf(String processId) {
    return jdbc.queryForList(
            "SELECT resource_name FROM deployments WHERE kind = 'BPMN' AND active AND status = 'DEPLOYED' AND process_id = ? ORDER BY version DESC LIMIT 1",
            String.class, processId)
        .stream().findFirst();
  }

  /**
   * The embedded engine keeps no state across restarts: what it had deployed is gone, and its
   * keys and version numbers start again. Mark the old rows so they are history, not catalogue.
   */
  int retireAll() {
    return jdbc.update("UPDATE deployments SET active = FALSE WHERE kind = 'BPMN' AND active");
  }

  /** The processes the engine has now, one row per (process, version), newest version first. */
  List<DeployedProcess> activeProcesses() {
    return jdbc.query(
        "SELECT DISTINCT ON (process_id, version) process_id, version, definition_key, resource_name, checksum, deployed_at"
            + " FROM deployments WHERE kind = 'BPMN' AND status = 'DEPLOYED' AND active"
            + " ORDER BY process_id, version DESC, deployed_at ASC",
        DeploymentRepository::deployed);
  }

  /** Files whose latest deployment attempt was refused. */
  List<Rejection> currentRejections() {
    return jdbc.query(
        "SELECT resource_name, checksum, error, deployed_at FROM ("
            + "  SELECT DISTINCT ON (resource_name) resource_name, checksum, status, error, deployed_at"
            + "  FROM deployments WHERE kind = 'BPMN' AND active ORDER BY resource_name, deployed_at DESC, id DESC"
            + ") latest WHERE status = 'REJECTED' ORDER BY resource_name",
        (rs, i) ->
            new Rejection(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
  }

  private static DeployedProcess deployed(ResultSet rs, int row) throws SQLException {
    return new DeployedProcess(
        rs.getString("process_id"),
        rs.getInt("version"),
        rs.getLong("definition_key"),
        rs.getString("resource_name"),
        rs.getString("checksum"),
        rs.getTimestamp("deployed_at").toInstant());
  }
}
