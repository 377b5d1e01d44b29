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
 *
 * <p>Durable: the operation and its instances are recorded in one transaction before it is
 * acknowledged; each instance is marked as it is done; the holder renews a lease. A graceful stop
 * hands it over at the next instance, a crash lets the lease lapse, and this replica or another
 * goes on with the instances not yet done. On a fresh embedded engine the stored keys name
 * nothing (or, reused, another instance), so an operation cut short there ends INTERRUPTED
 * instead of touching them; the records they served were resumed by reconciliation.
 */
@Service
class BulkOperations implements dev.pulse.processes.Resumable, org.springframework.beans.factory.DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(BulkOperations.class);
  static final int MAX_INSTANCES = 10_000;

  enum Kind {
    CANCEL,
    RETRY
  }

  /**
   * An operation and how far it got: {@code done} instances whose incident is gone (the element
   * moved on, or runs again), {@code failed} ones the engine refused or whose retry failed again
   * ({@code failedAgain} of them, each listed in {@code errors} with the new incident's message),
   * {@code resolving} ones whose retry is still being watched.
   */
  record Operation(
      String id, Kind kind, Map<String, Object> filter, String status, int total, int done, int failed, int failedAgain, int resolving,
      List<Map<String, Object>> errors, Instant createdAt, Instant finishedAt) {}

  private final MonitoringSource queries;
  private final InstanceOperations operations;
  private final JdbcTemplate jdbc;
  private final Json json;
  private final dev.pulse.platform.audit.AuditLog audit;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "pulse-bulk-operations"));
  private final String owner = "pulse-" + UUID.randomUUID();
  private final java.util.Set<String> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final org.springframework.transaction.support.TransactionTemplate tx;
  private final java.time.Duration lease;
  private volatile boolean ready;
  private volatile boolean stopping;

  BulkOperations(MonitoringSource queries, InstanceOperations operations, JdbcTemplate jdbc, Json json, dev.pulse.platform.audit.AuditLog audit,
      org.springframework.transaction.support.TransactionTemplate tx,
      @org.springframework.beans.factory.annotation.Value("${pulse.monitoring.bulk-lease:30s}") java.time.Duration lease) {
    this.tx = tx;
    this.lease = lease;
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
    tx.executeWithoutResult(status -> {
      jdbc.update("INSERT INTO bulk_operations (id, kind, filter, status, total, retries) VALUES (?, ?, ?::jsonb, 'RUNNING', ?, ?)",
          id, kind.name(), json.write(filter), keys.size(), retries);
      jdbc.batchUpdate("INSERT INTO bulk_operation_items (operation_id, instance_key) VALUES (?, ?)", keys, 1000, (ps, key) -> {
        ps.setString(1, id);
        ps.setLong(2, key);
      });
      audit.record("BULK_" + kind.name(), id, Map.of("instances", keys.size(), "filter", json.write(filter)));
    });
    queue(id);
    return find(id).orElseThrow();
  }

  /** After the processes are deployed (and a fresh engine's operations interrupted): go on with the unfinished ones. */
  @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
  @org.springframework.core.annotation.Order(200)
  void onReady() {
    ready = true;
    takeOver();
  }

  @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "${pulse.monitoring.bulk-poll:5s}", initialDelayString = "${pulse.monitoring.bulk-poll:5s}")
  void takeOver() {
    if (!ready || stopping) {
      return;
    }
    jdbc.queryForList("SELECT id FROM bulk_operations WHERE status = 'RUNNING' AND (owner IS NULL OR heartbeat_at < now() - make_interval(secs => ?))",
        String.class, (double) lease.toSeconds()).forEach(this::queue);
  }

  private void queue(String id) {
    if (queued.add(id)) {
      try {
        executor.execute(() -> {
          try {
            run(id);
          } finally {
            queued.remove(id);
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
        queued.remove(id);
      }
    }
  }

  private void run(String id) {
    List<Map<String, Object>> claimed = jdbc.queryForList(
        "UPDATE bulk_operations SET owner = ?, heartbeat_at = now() WHERE id = ? AND status = 'RUNNING'"
            + " AND (owner IS NULL OR heartbeat_at < now() - make_interval(secs => ?)) RETURNING kind, retries",
        owner, id, (double) lease.toSeconds());
    if (claimed.isEmpty()) {
      return;
    }
    Kind kind = Kind.valueOf((String) claimed.get(0).get("kind"));
    int retries = ((Number) claimed.get(0).get("retries")).intValue();
    try {
      long beat = System.nanoTime();
      for (long key : jdbc.queryForList("SELECT instance_key FROM bulk_operation_items WHERE operation_id = ? AND state = 'PENDING' ORDER BY instance_key", Long.class, id)) {
        if (stopping) {
          jdbc.update("UPDATE bulk_operations SET owner = NULL, heartbeat_at = NULL WHERE id = ? AND owner = ?", id, owner);
          LOG.info("Bulk operation {} handed over at instance {}", id, key);
          return;
        }
        if (kind == Kind.RETRY) {
          retry(id, key, retries);
        } else {
          Optional<String> error = apply(kind, key, retries);
          settle(id, key, "PENDING", error.isEmpty() ? "DONE" : "FAILED", error.orElse(null), false);
        }
        if (System.nanoTime() - beat > lease.toNanos() / 4) {
          if (jdbc.update("UPDATE bulk_operations SET heartbeat_at = now() WHERE id = ? AND owner = ?", id, owner) == 0) {
            LOG.warn("Bulk operation {} was taken over elsewhere; stopping here", id);
            return;
          }
          beat = System.nanoTime();
        }
      }
      if (kind == Kind.RETRY && !watchRetries(id)) {
        return;
      }
      jdbc.update("UPDATE bulk_operations SET status = 'DONE', finished_at = now(), owner = NULL WHERE id = ? AND owner = ?", id, owner);
    } catch (RuntimeException e) {
      LOG.warn("Bulk operation {} stopped: {}; it goes on after its lease lapses", id, e.toString());
      jdbc.update("UPDATE bulk_operations SET owner = NULL, heartbeat_at = NULL WHERE id = ? AND owner = ?", id, owner);
    }
  }

  /** Moves one item from {@code from} to its outcome and counts it, once (an earlier holder may have done so). */
  private void settle(String id, long key, String from, String state, String error, boolean failedAgain) {
    tx.executeWithoutResult(status -> {
      if (jdbc.update("UPDATE bulk_operation_items SET state = ?, error = ? WHERE operation_id = ? AND instance_key = ? AND state = ?",
          state, error, id, key, from) == 0) {
        return; // settled before (by an earlier holder): counted then
      }
      if ("DONE".equals(state)) {
        jdbc.update("UPDATE bulk_operations SET done = done + 1 WHERE id = ?", id);
      } else {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("instanceKey", key);
        entry.put("outcome", failedAgain ? "FAILED_AGAIN" : "FAILED");
        entry.put("error", error);
        jdbc.update("UPDATE bulk_operations SET failed = failed + 1, failed_again = failed_again + ?, errors = errors || ?::jsonb WHERE id = ?",
            failedAgain ? 1 : 0, json.write(List.of(entry)), id);
      }
    });
  }

  /** Resolves an instance's open incidents; it is counted once the engine shows what the retry did ({@link #watchRetries}). */
  private void retry(String id, long key, int retries) {
    List<MonitoringSource.Incident> open;
    try {
      open = queries.incidents(key).stream().filter(i -> "ACTIVE".equals(i.state())).toList();
      if (open.isEmpty()) {
        settle(id, key, "PENDING", "FAILED", "no open incident any more", false);
        return;
      }
      for (MonitoringSource.Incident incident : open) {
        operations.resolveCommand(incident, retries);
      }
    } catch (ClientStatusException e) {
      settle(id, key, "PENDING", "FAILED", EngineErrors.message(e), false);
      return;
    } catch (RuntimeException e) {
      settle(id, key, "PENDING", "FAILED", e.getMessage(), false);
      return;
    }
    jdbc.update("UPDATE bulk_operation_items SET state = 'RESOLVING', incidents = ?::jsonb, resolved_at = now() WHERE operation_id = ? AND instance_key = ? AND state = 'PENDING'",
        json.write(open.stream().map(MonitoringSource.Incident::key).toList()), id, key);
  }

  /**
   * Watches the retried instances until each shows what its retry did: a new incident on the same
   * element is FAILED_AGAIN, the element moving on is DONE. One still running when the re-check
   * time has passed since its retry has no incident any more and counts as done. False when the
   * operation was handed over or taken over meanwhile.
   */
  private boolean watchRetries(String id) {
    while (true) {
      long seen = queries.changes(); // before the check, so that a change landing in between still wakes us
      List<Map<String, Object>> resolving = jdbc.queryForList(
          "SELECT instance_key, incidents::text AS incidents, resolved_at < now() - make_interval(secs => ?) AS overdue FROM bulk_operation_items"
              + " WHERE operation_id = ? AND state = 'RESOLVING' ORDER BY instance_key",
          (double) operations.recheck().toMillis() / 1000, id);
      if (resolving.isEmpty()) {
        return true;
      }
      for (Map<String, Object> item : resolving) {
        long key = ((Number) item.get("instance_key")).longValue();
        List<Long> incidents = json.read((String) item.get("incidents"), new TypeReference<List<Long>>() {});
        Optional<InstanceOperations.Resolution> failedAgain = Optional.empty();
        boolean allSettled = true;
        for (long incidentKey : incidents) {
          Optional<InstanceOperations.Resolution> outcome = queries.incident(incidentKey).flatMap(operations::settled);
          if (outcome.isEmpty()) {
            allSettled = false;
          } else if (outcome.get().outcome() == InstanceOperations.Outcome.FAILED_AGAIN) {
            failedAgain = outcome;
          }
        }
        if (failedAgain.isPresent()) {
          settle(id, key, "RESOLVING", "FAILED", failedAgain.get().detail(), true);
        } else if (allSettled || Boolean.TRUE.equals(item.get("overdue"))) {
          settle(id, key, "RESOLVING", "DONE", null, false);
        }
      }
      if (stopping || jdbc.update("UPDATE bulk_operations SET heartbeat_at = now() WHERE id = ? AND owner = ?", id, owner) == 0) {
        jdbc.update("UPDATE bulk_operations SET owner = NULL, heartbeat_at = NULL WHERE id = ? AND owner = ?", id, owner);
        return false;
      }
      try {
        queries.awaitChange(seen, java.time.Duration.ofSeconds(1).toNanos()); // until the source knows more of what the retries did
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Nothing of a bulk operation is resumed as a process instance. */
  @Override
  public List<Resumed> resume(java.util.function.LongPredicate alive) {
    return List.of();
  }

  /** A fresh embedded engine: the stored keys name nothing or another instance; end what was under way without touching them. */
  @Override
  public void forgetInstances() {
    jdbc.update("UPDATE bulk_operation_items SET state = 'SKIPPED', error = 'the embedded engine restarted: this instance was gone' "
        + "WHERE state = 'PENDING' AND operation_id IN (SELECT id FROM bulk_operations WHERE status = 'RUNNING')");
    jdbc.update("UPDATE bulk_operations SET status = 'INTERRUPTED', finished_at = now(), owner = NULL "
        + "WHERE status = 'RUNNING'");
  }

  /** A graceful stop: the operation in progress hands over at its next instance. */
  @Override
  public void destroy() throws InterruptedException {
    stopping = true;
    executor.shutdown();
    if (!executor.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS)) {
      executor.shutdownNow();
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
        rs.getString("status"), rs.getInt("total"), rs.getInt("done"), rs.getInt("failed"), rs.getInt("failed_again"),
        jdbc.queryForObject("SELECT count(*) FROM bulk_operation_items WHERE operation_id = ? AND state = 'RESOLVING'", Integer.class, rs.getString("id")),
        json.read(rs.getString("errors"), new TypeReference<List<Map<String, Object>>>() {}), rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant());
  }
}
