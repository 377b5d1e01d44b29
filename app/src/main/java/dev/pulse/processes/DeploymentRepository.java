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

  void recordDeployed(String resource, String checksum, String processId, int version, long key, String trigger) {
    jdbc.update(
        "INSERT INTO deployments (kind, resource_name, checksum, status, process_id, version, definition_key, trigger)"
            + " VALUES ('BPMN', ?, ?, 'DEPLOYED', ?, ?, ?, ?)",
        resource,
        checksum,
        processId,
        version,
        key,
        trigger);
  }

  void recordRejected(String resource, String checksum, String error, String trigger) {
    jdbc.update(
        "INSERT INTO deployments (kind, resource_name, checksum, status, error, trigger)"
            + " VALUES ('BPMN', ?, ?, 'REJECTED', ?, ?)",
        resource,
        checksum,
        error,
        trigger);
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
