package dev.pulse.monitoring;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pulse.platform.Json;
import dev.pulse.platform.web.EngineErrors;
import io.camunda.client.api.command.ClientStatusException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Cancel or retry every instance a filter matches, in the background: the operation is a row
 * whose done/failed counts move as it goes, so the caller (and the console) can follow it. One
 * failing instance is recorded with the engine's reason and does not stop the others.
 */
@Service
class BulkOperations {

  private static final Logger LOG = LoggerFactory.getLogger(BulkOperations.class);
  static final int MAX_INSTANCES = 10_000;

  enum Kind {
    CANCEL,
    RETRY
  }

  record Operation(
      String id, Kind kind, Map<String, Object> filter, String status, int total, int done, int failed, List<Map<String, Object>> errors, Instant createdAt,
      Instant finishedAt) {}

  private final MonitoringSource queries;
  private final InstanceOperations operations;
  private final JdbcTemplate jdbc;
  private final Json json;
  private final dev.pulse.platform.audit.AuditLog audit;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "pulse-bulk-operations"));

  BulkOperations(MonitoringSource queries, InstanceOperations operations, JdbcTemplate jdbc, Json json, dev.pulse.platform.audit.AuditLog audit) {
    this.audit = audit;
    this.queries = queries;
    this.operations = operations;
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Starts the operation on the instances the filter matches now; returns it at once. */
  Operation start(Kind kind, MonitoringSource.Filter filter, int retries) {
    String id = UUID.randomUUID().toString();
    MonitoringSource.Filter scope = kind == Kind.RETRY
        ? new MonitoringSource.Filter(filter.processId(), filter.version(), MonitoringSource.State.ACTIVE, true, filter.surveyId(), filter.contactId(),
            filter.conversationId(), filter.deliveryId(), filter.startedAfter(), filter.startedBefore())
        : new MonitoringSource.Filter(filter.processId(), filter.version(), MonitoringSource.State.ACTIVE, filter.withIncident(), filter.surveyId(),
            filter.contactId(), filter.conversationId(), filter.deliveryId(), filter.startedAfter(), filter.startedBefore());
    List<Long> keys = queries.keys(scope, MAX_INSTANCES);
    jdbc.update("INSERT INTO bulk_operations (id, kind, filter, status, total) VALUES (?, ?, ?::jsonb, 'RUNNING', ?)", id, kind.name(), json.write(filter), keys.size());
    audit.record("BULK_" + kind.name(), id, Map.of("instances", keys.size(), "filter", json.write(filter)));
    executor.submit(() -> run(id, kind, keys, retries));
    return find(id).orElseThrow();
  }

  private void run(String id, Kind kind, List<Long> keys, int retries) {
    try {
      for (long key : keys) {
        Optional<String> error = apply(kind, key, retries);
        if (error.isEmpty()) {
          jdbc.update("UPDATE bulk_operations SET done = done + 1 WHERE id = ?", id);
        } else {
          jdbc.update("UPDATE bulk_operations SET failed = failed + 1, errors = errors || ?::jsonb WHERE id = ?",
              json.write(List.of(Map.of("instanceKey", key, "error", error.get()))), id);
        }
      }
      jdbc.update("UPDATE bulk_operations SET status = 'DONE', finished_at = now() WHERE id = ?", id);
    } catch (RuntimeException e) {
      LOG.warn("Bulk operation {} stopped: {}", id, e.toString());
      jdbc.update("UPDATE bulk_operations SET status = 'FAILED', finished_at = now() WHERE id = ?", id);
    }
  }

  private Optional<String> apply(Kind kind, long key, int retries) {
    try {
      if (kind == Kind.CANCEL) {
        operations.cancelCommand(key);
      } else {
        List<MonitoringSource.Incident> open = queries.incidents(key).stream().filter(i -> "ACTIVE".equals(i.state())).toList();
        if (open.isEmpty()) {
          return Optional.of("no open incident any more");
        }
        for (MonitoringSource.Incident incident : open) {
          operations.resolveCommand(incident, retries);
        }
      }
      return Optional.empty();
    } catch (ClientStatusException e) {
      return Optional.of(EngineErrors.message(e));
    } catch (RuntimeException e) {
      return Optional.of(e.getMessage());
    }
  }

  Optional<Operation> find(String id) {
    return jdbc.query("SELECT * FROM bulk_operations WHERE id = ?", this::operation, id).stream().findFirst();
  }

  List<Operation> recent() {
    return jdbc.query("SELECT * FROM bulk_operations ORDER BY created_at DESC LIMIT 50", this::operation);
  }

  private Operation operation(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Operation(
        rs.getString("id"), Kind.valueOf(rs.getString("kind")), json.read(rs.getString("filter"), new TypeReference<Map<String, Object>>() {}),
        rs.getString("status"), rs.getInt("total"), rs.getInt("done"), rs.getInt("failed"),
        json.read(rs.getString("errors"), new TypeReference<List<Map<String, Object>>>() {}), rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant());
  }
}
