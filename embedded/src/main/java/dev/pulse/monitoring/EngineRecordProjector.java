package dev.pulse.monitoring;

import dev.pulse.platform.embedded.EmbeddedStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessIntent;
import io.camunda.zeebe.protocol.record.value.deployment.Process;
import io.camunda.zeebe.protocol.record.intent.VariableIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Embedded mode's monitoring source: reads the engine's record stream from where it left off and
 * projects it into the {@code monitor_*} tables, one transaction per batch. Events only
 * (commands and rejections change nothing); within a batch the records are folded per key first,
 * so an element activated and completed in one batch is written once.
 *
 * <p>The embedded engine starts empty on every start, and its keys start over with it, so the
 * projection is cleared when this starts.
 */
@Component
public class EngineRecordProjector implements EngineProjection {

  private static final Logger LOG = LoggerFactory.getLogger(EngineRecordProjector.class);
  private static final Set<String> BUSINESS_KEYS = MonitoringSource.BUSINESS_KEYS;
  private static final int MAX_BATCH = 5_000;

  private final EmbeddedStack stack;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  /** Batches projected so far; operations wait on it for what the engine did after their command. */
  private final Object progress = new Object();
  private long batches;

  private final MeterRegistry meters;

  EngineRecordProjector(ObjectProvider<EmbeddedStack> stack, JdbcTemplate jdbc, TransactionTemplate tx, MeterRegistry meters) {
    this.meters = meters;
    this.stack = stack.getIfAvailable();
    this.jdbc = jdbc;
    this.tx = tx;
    if (this.stack != null) {
      tx.executeWithoutResult(s -> {
        for (String table : List.of("monitor_instances", "monitor_elements", "monitor_incidents", "monitor_variables", "monitor_processes")) {
          jdbc.update("DELETE FROM " + table);
        }
      });
    }
  }

  /** Projects every record the engine has written so far, now (a no-op outside embedded mode). */
  @Override
  public void catchUp() {
    project();
  }

  @Override
  public boolean active() {
    return stack != null;
  }

  @Override
  public long batchesProjected() {
    synchronized (progress) {
      return batches;
    }
  }

  /** Waits until a batch after the {@code seen}-th is projected; false when the time ran out first. */
  @Override
  public boolean awaitBatchAfter(long seen, long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    synchronized (progress) {
      while (batches == seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
      return true;
    }
  }

  @Scheduled(fixedDelayString = "${pulse.monitoring.poll-interval:200ms}")
  synchronized void project() {
    if (stack == null) {
      return;
    }
    dev.pulse.platform.embedded.engine.RecordCursor cursor = stack.zeebe().cursor(dev.pulse.platform.embedded.EmbeddedZeebeEngine.MONITORING);
    try {
      for (List<Record<?>> batch = cursor.next(MAX_BATCH); !batch.isEmpty(); batch = cursor.next(MAX_BATCH)) {
        List<Record<?>> records = batch;
        tx.executeWithoutResult(s -> write(records));
        count(batch);
        // projected: the engine's log may now drop these records
        cursor.acknowledge(batch.get(batch.size() - 1).getPosition());
        synchronized (progress) {
          batches++;
          progress.notifyAll();
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Projecting the engine's records stopped and will be retried from the last batch written: {}", e.toString());
    }
  }

  /** Prometheus counters per process: instances started, completed, canceled, and incidents raised. */
  private void count(List<Record<?>> batch) {
    for (Record<?> r : batch) {
      if (r.getRecordType() != RecordType.EVENT) {
        continue;
      }
      if (r.getValueType() == ValueType.PROCESS_INSTANCE && r.getValue() instanceof ProcessInstanceRecordValue v && v.getBpmnElementType() == BpmnElementType.PROCESS) {
        String name = r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED ? "started"
            : r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED ? "completed"
            : r.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED ? "canceled" : null;
        if (name != null) {
          meters.counter("pulse.process.instances." + name, "process", v.getBpmnProcessId()).increment();
        }
      } else if (r.getValueType() == ValueType.INCIDENT && r.getIntent() == IncidentIntent.CREATED && r.getValue() instanceof IncidentRecordValue v) {
        meters.counter("pulse.process.incidents", "process", v.getBpmnProcessId(), "element", v.getElementId()).increment();
      }
    }
  }

  private record Element(
      long key, long instanceKey, String processId, int version, long definitionKey, long parentKey, String elementId, BpmnElementType type, String state,
      Timestamp started, Timestamp ended) {}

  private record Incident(long key, IncidentRecordValue value, String state, Timestamp created, Timestamp resolved) {}

  private void write(List<Record<?>> batch) {
    Map<Long, Element> elements = new LinkedHashMap<>();
    Map<Long, Incident> incidents = new LinkedHashMap<>();
    Map<List<Object>, VariableRecordValue> variables = new LinkedHashMap<>();
    Map<List<Object>, Timestamp> variableTimes = new LinkedHashMap<>();
    Map<List<Object>, Long> variableKeys = new LinkedHashMap<>();
    List<Object[]> processRows = new ArrayList<>();
    List<Object[]> migratedRows = new ArrayList<>();
    List<Object[]> migratedInstances = new ArrayList<>();
    for (Record<?> r : batch) {
      if (r.getRecordType() != RecordType.EVENT) {
        continue;
      }
      Timestamp at = new Timestamp(r.getTimestamp());
      Intent intent = r.getIntent();
      if (r.getValueType() == ValueType.PROCESS_INSTANCE && intent == ProcessInstanceIntent.ELEMENT_MIGRATED) {
        // an admin migrated the instance: the element (or the instance) now belongs to another version
        ProcessInstanceRecordValue v = (ProcessInstanceRecordValue) r.getValue();
        migratedRows.add(new Object[] {v.getElementId(), v.getVersion(), v.getBpmnProcessId(), r.getKey()});
        if (v.getBpmnElementType() == BpmnElementType.PROCESS) {
          migratedInstances.add(new Object[] {v.getVersion(), v.getProcessDefinitionKey(), v.getBpmnProcessId(), r.getKey()});
        }
      } else if (r.getValueType() == ValueType.PROCESS_INSTANCE) {
        ProcessInstanceRecordValue v = (ProcessInstanceRecordValue) r.getValue();
        // activating, not activated: the instance's variables are written between the two
        String state = intent == ProcessInstanceIntent.ELEMENT_ACTIVATING ? "ACTIVE"
            : intent == ProcessInstanceIntent.ELEMENT_COMPLETED ? "COMPLETED"
            : intent == ProcessInstanceIntent.ELEMENT_TERMINATED ? "TERMINATED" : null;
        if (state == null) {
          continue;
        }
        Element before = elements.get(r.getKey());
        if (before != null && "ACTIVE".equals(state)) {
          continue;
        }
        Timestamp started = "ACTIVE".equals(state) ? at : before == null ? null : before.started();
        elements.put(r.getKey(), new Element(r.getKey(), v.getProcessInstanceKey(), v.getBpmnProcessId(), v.getVersion(), v.getProcessDefinitionKey(),
            v.getParentProcessInstanceKey(), v.getElementId(), v.getBpmnElementType(), state, started, "ACTIVE".equals(state) ? null : at));
      } else if (r.getValueType() == ValueType.INCIDENT) {
        IncidentRecordValue v = (IncidentRecordValue) r.getValue();
        if (intent == IncidentIntent.CREATED) {
          incidents.put(r.getKey(), new Incident(r.getKey(), v, "ACTIVE", at, null));
        } else if (intent == IncidentIntent.RESOLVED) {
          Incident before = incidents.get(r.getKey());
          incidents.put(r.getKey(), new Incident(r.getKey(), v, "RESOLVED", before == null ? null : before.created(), at));
        }
      } else if (r.getValueType() == ValueType.VARIABLE && (intent == VariableIntent.CREATED || intent == VariableIntent.UPDATED)) {
        VariableRecordValue v = (VariableRecordValue) r.getValue();
        List<Object> key = List.of(v.getScopeKey(), v.getName());
        variables.put(key, v);
        variableTimes.put(key, at);
        variableKeys.put(key, r.getKey());
      } else if (r.getValueType() == ValueType.PROCESS && intent == ProcessIntent.CREATED) {
        Process v = (Process) r.getValue();
        processRows.add(new Object[] {v.getProcessDefinitionKey(), v.getBpmnProcessId(), v.getVersion(), v.getResourceName(), at});
      }
    }
    List<Object[]> elementRows = new ArrayList<>();
    List<Object[]> instanceRows = new ArrayList<>();
    for (Element e : elements.values()) {
      elementRows.add(new Object[] {e.key(), e.instanceKey(), e.processId(), e.version(), e.elementId(), e.type().name(), e.state(), e.started(), e.ended()});
      if (e.type() == BpmnElementType.PROCESS) {
        String state = switch (e.state()) {
          case "COMPLETED" -> "COMPLETED";
          case "TERMINATED" -> "CANCELED";
          default -> "ACTIVE";
        };
        instanceRows.add(new Object[] {e.key(), e.processId(), e.version(), e.definitionKey(), state, e.parentKey() > 0 ? e.parentKey() : null, e.started(), e.ended()});
      }
    }
    jdbc.batchUpdate(
        "INSERT INTO monitor_elements (key, instance_key, process_id, version, element_id, element_type, state, started_at, ended_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state,"
            + " started_at = coalesce(monitor_elements.started_at, EXCLUDED.started_at), ended_at = coalesce(EXCLUDED.ended_at, monitor_elements.ended_at)",
        elementRows);
    jdbc.batchUpdate(
        "INSERT INTO monitor_instances (key, process_id, version, definition_key, state, parent_key, started_at, ended_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state,"
            + " started_at = coalesce(monitor_instances.started_at, EXCLUDED.started_at), ended_at = coalesce(EXCLUDED.ended_at, monitor_instances.ended_at)",
        instanceRows);
    jdbc.batchUpdate("UPDATE monitor_elements SET element_id = ?, version = ?, process_id = ? WHERE key = ?", migratedRows);
    jdbc.batchUpdate("UPDATE monitor_instances SET version = ?, definition_key = ?, process_id = ? WHERE key = ?", migratedInstances);
    List<Object[]> incidentRows = new ArrayList<>();
    for (Incident i : incidents.values()) {
      IncidentRecordValue v = i.value();
      incidentRows.add(new Object[] {i.key(), v.getProcessInstanceKey(), v.getElementInstanceKey(), v.getElementId(), v.getBpmnProcessId(),
          v.getJobKey() > 0 ? v.getJobKey() : null, v.getErrorType().name(), v.getErrorMessage(), i.state(), i.created(), i.resolved()});
    }
    jdbc.batchUpdate(
        "INSERT INTO monitor_incidents (key, instance_key, element_instance_key, element_id, process_id, job_key, error_type, error_message, state, created_at, resolved_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state,"
            + " created_at = coalesce(monitor_incidents.created_at, EXCLUDED.created_at), resolved_at = EXCLUDED.resolved_at",
        incidentRows);
    List<Object[]> variableRows = new ArrayList<>();
    for (Map.Entry<List<Object>, VariableRecordValue> entry : variables.entrySet()) {
      VariableRecordValue v = entry.getValue();
      variableRows.add(new Object[] {v.getScopeKey(), v.getName(), v.getProcessInstanceKey(), v.getValue(), variableTimes.get(entry.getKey()),
          variableKeys.get(entry.getKey())});
    }
    jdbc.batchUpdate(
        "INSERT INTO monitor_processes (key, process_id, version, resource_name, deployed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING", processRows);
    jdbc.batchUpdate(
        "INSERT INTO monitor_variables (scope_key, name, instance_key, value, updated_at, variable_key) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (scope_key, name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at, variable_key = EXCLUDED.variable_key",
        variableRows);
    for (VariableRecordValue v : variables.values()) {
      if (v.getScopeKey() == v.getProcessInstanceKey() && BUSINESS_KEYS.contains(v.getName())) {
        String column = switch (v.getName()) {
          case "deliveryId" -> "delivery_id";
          case "surveyId" -> "survey_id";
          case "contactId" -> "contact_id";
          default -> "conversation_id";
        };
        jdbc.update("UPDATE monitor_instances SET " + column + " = ? WHERE key = ?", EngineProjection.unquote(v.getValue()), v.getProcessInstanceKey());
      }
    }
  }

  /** A variable's JSON value as the plain string a business key is. */
}
