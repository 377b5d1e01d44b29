package dev.pulse.monitoring;

import dev.pulse.platform.web.EngineErrors;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * What an admin does to running instances: cancel one, resolve an incident. Each command goes to
 * the engine, and the answer is what the engine's records say happened afterwards, re-checked in
 * the monitoring source: not "accepted", but "completed", "failed again" or "still running".
 */
@Service
class InstanceOperations {

  enum Outcome {
    /** The element the incident was on has moved on (completed). */
    RESOLVED,
    /** The retry failed and raised a new incident. */
    FAILED_AGAIN,
    /** The incident is resolved and the work is running again, but it had not finished when the re-check ended. */
    PENDING
  }

  record Resolution(long incidentKey, Outcome outcome, String detail, MonitoringSource.Incident newIncident, MonitoringSource.Instance instance) {}

  private final CamundaClient client;
  private final MonitoringSource queries;
  private final Duration recheck;
  private final dev.pulse.platform.audit.AuditLog audit;

  InstanceOperations(
      CamundaClient client, MonitoringSource queries,
      @Value("${pulse.monitoring.recheck-timeout:10s}") Duration recheck, dev.pulse.platform.audit.AuditLog audit) {
    this.audit = audit;
    this.client = client;
    this.queries = queries;
    this.recheck = recheck;
  }

  MonitoringSource.Instance cancel(long key) {
    MonitoringSource.Instance instance = queries.instance(key).orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "No process instance " + key));
    if (instance.state() != MonitoringSource.State.ACTIVE) {
      throw problem(HttpStatus.CONFLICT, "Process instance " + key + " is already " + instance.state() + "; only an active instance can be canceled");
    }
    audit.record("INSTANCE_CANCEL", String.valueOf(key), java.util.Map.of("processId", instance.processId(), "version", instance.version()));
    try {
      client.newCancelInstanceCommand(key).send().join();
    } catch (ClientStatusException e) {
      // it ended between the read and the command
      throw problem(HttpStatus.CONFLICT, "The engine refused to cancel process instance " + key + ": " + EngineErrors.message(e));
    }
    return await(() -> queries.instance(key).filter(i -> i.state() != MonitoringSource.State.ACTIVE)).orElseGet(() -> queries.instance(key).orElseThrow());
  }

  /**
   * Gives the failed job its retries back (when the incident is a job's), resolves the incident,
   * then watches what happens: the element completing, or a new incident.
   */
  Resolution resolve(long incidentKey, int retries) {
    MonitoringSource.Incident incident = queries.incident(incidentKey).orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "No incident " + incidentKey));
    if (!"ACTIVE".equals(incident.state())) {
      throw problem(HttpStatus.CONFLICT, "Incident " + incidentKey + " is already " + incident.state());
    }
    Instant before = Instant.now();
    try {
      if (incident.jobKey() != null) {
        client.newUpdateRetriesCommand(incident.jobKey()).retries(retries).send().join();
      }
      client.newResolveIncidentCommand(incidentKey).send().join();
    } catch (ClientStatusException e) {
      throw problem(HttpStatus.CONFLICT, "The engine refused to resolve incident " + incidentKey + ": " + EngineErrors.message(e));
    }
    Optional<Resolution> settled = await(() -> settled(incident, before));
    Resolution resolution = settled.orElseGet(() -> new Resolution(incidentKey, Outcome.PENDING,
        "The incident is resolved and " + incident.elementId() + " is running again, but had not completed after " + recheck.toSeconds() + " s",
        null, queries.instance(incident.instanceKey()).orElse(null)));
    audit.record("INCIDENT_RESOLVE", String.valueOf(incidentKey),
        java.util.Map.of("instanceKey", incident.instanceKey(), "elementId", String.valueOf(incident.elementId()), "retries", retries,
            "outcome", resolution.outcome().name()));
    return resolution;
  }

  Duration recheck() {
    return recheck;
  }

  /** What became of a resolved incident, once the engine shows it; empty while the element still runs. */
  Optional<Resolution> settled(MonitoringSource.Incident incident) {
    return settled(incident, null);
  }

  private Optional<Resolution> settled(MonitoringSource.Incident incident, Instant before) {
    List<MonitoringSource.Incident> all = queries.incidents(incident.instanceKey());
    Optional<MonitoringSource.Incident> again = all.stream()
        .filter(i -> i.key() != incident.key() && "ACTIVE".equals(i.state()) && incident.elementInstanceKey() != null
            && incident.elementInstanceKey().equals(i.elementInstanceKey()))
        .findFirst();
    if (again.isPresent()) {
      return Optional.of(new Resolution(incident.key(), Outcome.FAILED_AGAIN, "The retry failed again: " + again.get().errorMessage(), again.get(),
          queries.instance(incident.instanceKey()).orElse(null)));
    }
    Optional<MonitoringSource.Element> element = queries.elements(incident.instanceKey()).stream()
        .filter(e -> incident.elementInstanceKey() != null && e.key() == incident.elementInstanceKey())
        .findFirst();
    if (element.isPresent() && !"ACTIVE".equals(element.get().state())) {
      return Optional.of(new Resolution(incident.key(), Outcome.RESOLVED,
          incident.elementId() + " " + element.get().state().toLowerCase(java.util.Locale.ROOT) + " after the incident was resolved", null,
          queries.instance(incident.instanceKey()).orElse(null)));
    }
    return Optional.empty();
  }

  /** Cancels without waiting for the outcome (a bulk operation checks the source afterwards). */
  void cancelCommand(long key) {
    client.newCancelInstanceCommand(key).send().join();
  }

  /** Gives the job its retries back and resolves the incident, without waiting for the outcome. */
  void resolveCommand(MonitoringSource.Incident incident, int retries) {
    if (incident.jobKey() != null) {
      client.newUpdateRetriesCommand(incident.jobKey()).retries(retries).send().join();
    }
    client.newResolveIncidentCommand(incident.key()).send().join();
  }

  /** Asks the source again each time it may know more of what the engine did, until {@code check} answers or the re-check time is up. */
  private <T> Optional<T> await(Supplier<Optional<T>> check) {
    long deadline = System.nanoTime() + recheck.toNanos();
    try {
      while (true) {
        long seen = queries.changes(); // before the check, so that a change landing in between still wakes us
        Optional<T> result = check.get();
        if (result.isPresent() || !queries.awaitChange(seen, deadline - System.nanoTime())) {
          return result;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  static ErrorResponseException problem(HttpStatus status, String detail) {
    return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
  }
}
