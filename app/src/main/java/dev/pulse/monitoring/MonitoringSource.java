package dev.pulse.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the monitoring API reads what the engine did: embedded mode projects the engine's record
 * stream into PostgreSQL ({@link ProjectionSource}); against a Camunda 8 cluster it asks the
 * cluster's search API ({@link CamundaSearchSource}). The REST API, the console, cancel, incident
 * resolution and bulk operations work the same on either.
 */
public interface MonitoringSource {

  enum State {
    ACTIVE,
    COMPLETED,
    CANCELED
  }

  /** The filters of {@code GET /api/process-instances}; null means "any". */
  record Filter(
      String processId, Integer version, State state, Boolean withIncident, String surveyId, String contactId, String conversationId, String deliveryId,
      Instant startedAfter, Instant startedBefore) {}

  record Instance(
      long key, String processId, int version, State state, Long parentKey, int incidents, String deliveryId, String surveyId, String contactId,
      String conversationId, Instant startedAt, Instant endedAt) {}

  record Element(long key, String elementId, String elementType, String state, Instant startedAt, Instant endedAt) {}

  record Incident(
      long key, long instanceKey, Long elementInstanceKey, String elementId, String processId, Long jobKey, String errorType, String errorMessage, String state,
      Instant createdAt, Instant resolvedAt) {}

  record Variable(String name, long scopeKey, String value, Instant updatedAt) {}

  record Page<T>(List<T> items, long total, int page, int size) {}

  record ElementStatistics(String elementId, long active, long completed, long terminated, long incidents) {}

  /** The fields instances sort by, by their API names. */
  Set<String> SORTS = Set.of("startedAt", "endedAt", "key", "processId");

  /** Process-scope variables that name the business record an instance works on. */
  Set<String> BUSINESS_KEYS = Set.of("deliveryId", "surveyId", "contactId", "conversationId");

  /** A short name for logs and the API: {@code projection} or {@code camunda}. */
  String name();

  /** Instances the filter matches, one page of them, sorted by one of {@link #SORTS}. */
  Page<Instance> search(Filter filter, int page, int size, String sort, boolean descending);

  /** The keys of every instance the filter matches (for bulk operations), at most {@code limit}. */
  default List<Long> keys(Filter filter, int limit) {
    return search(filter, 0, limit, "key", false).items().stream().map(Instance::key).toList();
  }

  Optional<Instance> instance(long key);

  /** The instance's elements (not the process itself), in the order they started. */
  List<Element> elements(long instanceKey);

  List<Incident> incidents(long instanceKey);

  /** Incidents in a state (ACTIVE or RESOLVED), newest first, optionally of one process. */
  List<Incident> incidents(String state, String processId, int limit);

  Optional<Incident> incident(long key);

  List<Variable> variables(long instanceKey);

  /** Per element of a process (all versions, or one): instances there now, done, and open incidents. */
  List<ElementStatistics> statistics(String processId, Integer version);

  /** The ids of the processes the engine has (deployed or run), for per-process figures. */
  List<String> processIds();

  /** How many instances the filter matches, without reading them. */
  default long count(Filter filter) {
    return search(filter, 0, 1, "key", false).total();
  }

  /** How many incidents of the process are open now. */
  long openIncidents(String processId);

  /** A counter that moves when the source may know more; read it before a check, then {@link #awaitChange}. */
  long changes();

  /** Waits until the source may know more than at {@code seen}; false when the time ran out first. */
  boolean awaitChange(long seen, long nanos) throws InterruptedException;
}
