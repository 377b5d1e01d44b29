package dev.pulse.monitoring;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.enums.ElementInstanceType;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.filter.ProcessInstanceFilter;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.ProcessDefinition;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.SearchResponse;
import io.camunda.client.api.search.sort.ProcessInstanceSort;
import io.camunda.client.api.statistics.response.ProcessElementStatistics;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * External mode's monitoring source: asks a Camunda 8 cluster's search API (REST, {@code /v2}),
 * through the Camunda Java client Pulse already runs its workers with. The cluster's exporter fills
 * that API a moment after the engine acts, so re-checks poll it.
 *
 * <p>Business keys (delivery, survey, contact, conversation) are the instances' process-scope
 * variables: the filter asks for them by value, and a page's keys come in one variable search.
 */
@Component
class CamundaSearchSource implements MonitoringSource {

  /** At most this many elements, incidents or variables of one instance are read. */
  static final int DETAIL_LIMIT = 1_000;

  private static final int KEY_PAGE = 1_000;

  private final CamundaClient client;
  private final Duration poll;
  private final Object ticks = new Object();

  CamundaSearchSource(CamundaClient client, @Value("${pulse.monitoring.search-poll-interval:500ms}") Duration poll) {
    this.client = client;
    this.poll = poll;
  }

  @Override
  public String name() {
    return "camunda";
  }

  /** How deep offset paging reaches on a cluster (Elasticsearch's result window). */
  static final int MAX_OFFSET = 10_000;

  @Override
  public Page<Instance> search(Filter f, int page, int size, String sort, boolean descending) {
    if ((long) page * size + size > MAX_OFFSET) {
      throw dev.pulse.platform.web.StrictJson.invalidField("page",
          "reaches at most the first " + MAX_OFFSET + " instances on a Camunda cluster; narrow the filter (time range, state, process) instead");
    }
    SearchResponse<ProcessInstance> found = call(() -> client.newProcessInstanceSearchRequest()
        .filter(q -> filter(q, f))
        .sort(s -> direction(sortField(s, sort), descending))
        .page(p -> p.from(page * size).limit(size))
        .send().join());
    List<Instance> items = instances(found.items());
    return new Page<>(items, total(found), page, size);
  }

  /** Keys only, a page of {@value #KEY_PAGE} at a time: no business keys or incident counts to look up. */
  @Override
  public List<Long> keys(Filter f, int limit) {
    List<Long> keys = new ArrayList<>();
    while (keys.size() < limit) {
      int from = keys.size();
      int size = Math.min(KEY_PAGE, limit - from);
      List<ProcessInstance> page = call(() -> client.newProcessInstanceSearchRequest()
          .filter(q -> filter(q, f))
          .sort(s -> s.processInstanceKey().asc())
          .page(p -> p.from(from).limit(size))
          .send().join()).items();
      page.forEach(i -> keys.add(i.getProcessInstanceKey()));
      if (page.size() < size) {
        break;
      }
    }
    return keys;
  }

  @Override
  public long count(Filter f) {
    SearchResponse<ProcessInstance> found = call(() -> client.newProcessInstanceSearchRequest().filter(q -> filter(q, f)).page(p -> p.limit(1)).send().join());
    return total(found);
  }

  @Override
  public List<String> processIds() {
    return call(() -> client.newProcessDefinitionSearchRequest().page(p -> p.limit(DETAIL_LIMIT)).send().join())
        .items().stream().map(ProcessDefinition::getProcessDefinitionId).distinct().sorted().toList();
  }

  @Override
  public long openIncidents(String processId) {
    SearchResponse<io.camunda.client.api.search.response.Incident> found = call(() -> client.newIncidentSearchRequest()
        .filter(f -> f.processDefinitionId(processId).state(IncidentState.ACTIVE)).page(p -> p.limit(1)).send().join());
    return total(found);
  }

  @Override
  public Optional<Instance> instance(long key) {
    return optional(() -> client.newProcessInstanceGetRequest(key).send().join()).map(i -> instances(List.of(i)).get(0));
  }

  @Override
  public List<Element> elements(long instanceKey) {
    return call(() -> client.newElementInstanceSearchRequest()
            .filter(f -> f.processInstanceKey(instanceKey))
            .sort(s -> s.startDate().asc())
            .page(p -> p.limit(DETAIL_LIMIT))
            .send().join())
        .items().stream()
        .filter(e -> e.getType() != ElementInstanceType.PROCESS)
        .map(CamundaSearchSource::element)
        .toList();
  }

  @Override
  public List<Incident> incidents(long instanceKey) {
    return call(() -> client.newIncidentSearchRequest()
            .filter(f -> f.processInstanceKey(instanceKey))
            .sort(s -> s.creationTime().asc())
            .page(p -> p.limit(DETAIL_LIMIT))
            .send().join())
        .items().stream().map(CamundaSearchSource::incident).toList();
  }

  @Override
  public List<Incident> incidents(String state, String processId, int limit) {
    return call(() -> client.newIncidentSearchRequest()
            .filter(f -> {
              if (state != null) {
                f.state(IncidentState.valueOf(state));
              }
              if (processId != null) {
                f.processDefinitionId(processId);
              }
            })
            .sort(s -> s.creationTime().desc())
            .page(p -> p.limit(limit))
            .send().join())
        .items().stream().map(CamundaSearchSource::incident).toList();
  }

  @Override
  public Optional<Incident> incident(long key) {
    return optional(() -> client.newIncidentGetRequest(key).send().join()).map(CamundaSearchSource::incident);
  }

  @Override
  public List<Variable> variables(long instanceKey) {
    return call(() -> client.newVariableSearchRequest()
            .filter(f -> f.processInstanceKey(instanceKey))
            .page(p -> p.limit(DETAIL_LIMIT))
            .send().join())
        .items().stream()
        .map(v -> new Variable(v.getName(), v.getScopeKey(), v.getValue(), null))
        .sorted(java.util.Comparator.comparing(Variable::scopeKey).thenComparing(Variable::name))
        .toList();
  }

  @Override
  public List<ElementStatistics> statistics(String processId, Integer version) {
    List<ProcessDefinition> definitions = call(() -> client.newProcessDefinitionSearchRequest()
            .filter(f -> {
              f.processDefinitionId(processId);
              if (version != null) {
                f.version(version);
              }
            })
            .page(p -> p.limit(DETAIL_LIMIT))
            .send().join())
        .items();
    Map<String, long[]> counts = new java.util.TreeMap<>();
    for (ProcessDefinition d : definitions) {
      for (ProcessElementStatistics s : call(() -> client.newProcessDefinitionElementStatisticsRequest(d.getProcessDefinitionKey()).send().join())) {
        if (s.getElementId().equals(processId)) {
          continue; // the process itself, which the projection does not count as an element either
        }
        long[] c = counts.computeIfAbsent(s.getElementId(), id -> new long[4]);
        c[0] += zero(s.getActive());
        c[1] += zero(s.getCompleted());
        c[2] += zero(s.getCanceled());
        c[3] += zero(s.getIncidents());
      }
    }
    return counts.entrySet().stream().map(e -> new ElementStatistics(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3])).toList();
  }

  /** Every poll interval is a chance that the cluster's exporter has caught up. */
  @Override
  public long changes() {
    return System.nanoTime() / poll.toNanos();
  }

  @Override
  public boolean awaitChange(long seen, long nanos) throws InterruptedException {
    long wait = Math.min(nanos, poll.toNanos());
    if (wait <= 0) {
      return false;
    }
    synchronized (ticks) {
      TimeUnit.NANOSECONDS.timedWait(ticks, wait);
    }
    return true; // waited: worth one more look, even when this was the last of the time
  }

  private static void filter(ProcessInstanceFilter q, Filter f) {
    if (f.processId() != null) {
      q.processDefinitionId(f.processId());
    }
    if (f.version() != null) {
      q.processDefinitionVersion(f.version());
    }
    if (f.state() != null) {
      q.state(switch (f.state()) {
        case ACTIVE -> ProcessInstanceState.ACTIVE;
        case COMPLETED -> ProcessInstanceState.COMPLETED;
        case CANCELED -> ProcessInstanceState.TERMINATED;
      });
    }
    if (f.withIncident() != null) {
      q.hasIncident(f.withIncident());
    }
    if (f.startedAfter() != null || f.startedBefore() != null) {
      q.startDate(d -> {
        if (f.startedAfter() != null) {
          d.gte(offset(f.startedAfter()));
        }
        if (f.startedBefore() != null) {
          d.lt(offset(f.startedBefore()));
        }
      });
    }
    Map<String, Object> business = new LinkedHashMap<>();
    putIfPresent(business, "deliveryId", f.deliveryId());
    putIfPresent(business, "surveyId", f.surveyId());
    putIfPresent(business, "contactId", f.contactId());
    putIfPresent(business, "conversationId", f.conversationId());
    if (!business.isEmpty()) {
      q.variables(business);
    }
  }

  private static ProcessInstanceSort sortField(ProcessInstanceSort s, String sort) {
    return switch (sort) {
      case "endedAt" -> s.endDate();
      case "key" -> s.processInstanceKey();
      case "processId" -> s.processDefinitionId();
      default -> s.startDate();
    };
  }

  private static void direction(ProcessInstanceSort s, boolean descending) {
    if (descending) {
      s.desc();
    } else {
      s.asc();
    }
  }

  /** The page's instances with their business keys (one variable search) and open incident counts (a search per instance that has any). */
  private List<Instance> instances(List<ProcessInstance> found) {
    if (found.isEmpty()) {
      return List.of();
    }
    List<Long> keys = found.stream().map(ProcessInstance::getProcessInstanceKey).toList();
    Map<Long, Map<String, String>> business = new HashMap<>();
    for (io.camunda.client.api.search.response.Variable v : call(() -> client.newVariableSearchRequest()
            .filter(f -> f.processInstanceKey(k -> k.in(keys)).name(n -> n.in(new ArrayList<>(BUSINESS_KEYS))))
            .page(p -> p.limit(keys.size() * BUSINESS_KEYS.size()))
            .send().join())
        .items()) {
      if (v.getScopeKey() != null && v.getScopeKey().equals(v.getProcessInstanceKey())) {
        business.computeIfAbsent(v.getProcessInstanceKey(), k -> new HashMap<>()).put(v.getName(), EngineProjection.unquote(v.getValue()));
      }
    }
    List<Instance> out = new ArrayList<>(found.size());
    for (ProcessInstance i : found) {
      Map<String, String> b = business.getOrDefault(i.getProcessInstanceKey(), Map.of());
      int open = Boolean.TRUE.equals(i.getHasIncident())
          ? (int) incidents(i.getProcessInstanceKey()).stream().filter(n -> "ACTIVE".equals(n.state())).count()
          : 0;
      out.add(new Instance(i.getProcessInstanceKey(), i.getProcessDefinitionId(), i.getProcessDefinitionVersion() == null ? 0 : i.getProcessDefinitionVersion(),
          state(i.getState()), i.getParentProcessInstanceKey(), open, b.get("deliveryId"), b.get("surveyId"), b.get("contactId"), b.get("conversationId"),
          instant(i.getStartDate()), instant(i.getEndDate())));
    }
    return out;
  }

  private static State state(ProcessInstanceState s) {
    if (s == null) {
      return State.ACTIVE;
    }
    return switch (s) {
      case COMPLETED -> State.COMPLETED;
      case TERMINATED -> State.CANCELED;
      default -> State.ACTIVE;
    };
  }

  private static Element element(ElementInstance e) {
    return new Element(e.getElementInstanceKey(), e.getElementId(), e.getType() == null ? null : e.getType().name(), e.getState() == null ? null : e.getState().name(),
        instant(e.getStartDate()), instant(e.getEndDate()));
  }

  private static Incident incident(io.camunda.client.api.search.response.Incident i) {
    return new Incident(i.getIncidentKey(), i.getProcessInstanceKey(), i.getElementInstanceKey(), i.getElementId(), i.getProcessDefinitionId(),
        i.getJobKey() == null || i.getJobKey() <= 0 ? null : i.getJobKey(), i.getErrorType() == null ? null : i.getErrorType().name(), i.getErrorMessage(),
        i.getState() == null ? null : i.getState().name(), instant(i.getCreationTime()), null);
  }

  /** Runs a search; a cluster that cannot be reached or refuses is a 502 that says which and why. */
  private <T> T call(Supplier<T> search) {
    try {
      return search.get();
    } catch (ClientException e) {
      throw unavailable(e);
    }
  }

  /** A get by key: empty when the cluster does not know the key. */
  private <T> Optional<T> optional(Supplier<T> get) {
    try {
      return Optional.of(get.get());
    } catch (ProblemException e) {
      if (e.code() == 404) {
        return Optional.empty();
      }
      throw unavailable(e);
    } catch (ClientException e) {
      throw unavailable(e);
    }
  }

  /** A 502 that says what the cluster answered, or why it could not be asked. */
  private static org.springframework.web.ErrorResponseException unavailable(ClientException e) {
    if (e instanceof ProblemException p) {
      String detail = p.details() != null && p.details().getDetail() != null ? p.details().getDetail() : p.getMessage();
      return InstanceOperations.problem(HttpStatus.BAD_GATEWAY, "The Camunda search API answered " + p.code() + ": " + detail);
    }
    return InstanceOperations.problem(HttpStatus.BAD_GATEWAY, "The Camunda search API could not be asked: " + e.getMessage());
  }

  /** The search API compares a variable's JSON text: a business key (a string) is sent quoted, as JSON. */
  private static void putIfPresent(Map<String, Object> map, String name, String value) {
    if (value != null) {
      map.put(name, com.fasterxml.jackson.databind.node.TextNode.valueOf(value).toString());
    }
  }

  /** The search's total, or the items' count when the API gave none. */
  private static long total(SearchResponse<?> found) {
    return found.page() == null || found.page().totalItems() == null ? found.items().size() : found.page().totalItems();
  }

  private static long zero(Long value) {
    return value == null ? 0 : value;
  }

  private static OffsetDateTime offset(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

}
