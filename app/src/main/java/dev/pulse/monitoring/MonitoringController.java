package dev.pulse.monitoring;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.platform.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Process-instance monitoring for admins: find instances, open one (elements, variables,
 * incidents, timeline), cancel it, resolve its incidents, act on many at once, and per-element
 * counts of a process.
 */
@RestController
@Tag(name = "Monitoring")
class MonitoringController {

  private final MonitoringSource queries;
  private final InstanceOperations operations;
  private final BulkOperations bulk;
  private final StrictJson strict;

  private final InstanceRepair repair;

  MonitoringController(MonitoringSource queries, InstanceOperations operations, BulkOperations bulk, StrictJson strict, InstanceRepair repair) {
    this.repair = repair;
    this.queries = queries;
    this.operations = operations;
    this.bulk = bulk;
    this.strict = strict;
  }

  @GetMapping("/api/process-instances")
  @Operation(summary = "Process instances by process, version, state, incident, business key (survey, contact, conversation, delivery) and start time; paged and sorted")
  MonitoringSource.Page<MonitoringSource.Instance> search(
      @RequestParam(required = false) String processId,
      @RequestParam(required = false) String version,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String incident,
      @RequestParam(required = false) String surveyId,
      @RequestParam(required = false) String contactId,
      @RequestParam(required = false) String conversationId,
      @RequestParam(required = false) String deliveryId,
      @RequestParam(required = false) String startedAfter,
      @RequestParam(required = false) String startedBefore,
      @RequestParam(defaultValue = "0") String page,
      @RequestParam(defaultValue = "50") String size,
      @RequestParam(defaultValue = "startedAt,desc") String sort) {
    MonitoringSource.Filter filter = filter(processId, version, state, incident, surveyId, contactId, conversationId, deliveryId, startedAfter, startedBefore);
    int p = integer("page", page, 0, 100_000);
    int s = integer("size", size, 1, 500);
    String[] parts = sort.split(",", 2);
    String column = parts[0];
    if (!MonitoringSource.SORTS.contains(column)) {
      throw StrictJson.invalidField("sort", "sorts by one of " + new java.util.TreeSet<>(MonitoringSource.SORTS) + ", optionally ',asc' or ',desc'");
    }
    boolean descending = parts.length < 2 || parts[1].equalsIgnoreCase("desc");
    if (parts.length == 2 && !parts[1].equalsIgnoreCase("asc") && !parts[1].equalsIgnoreCase("desc")) {
      throw StrictJson.invalidField("sort", "direction is asc or desc");
    }
    return queries.search(filter, p, s, column, descending);
  }

  /** One instance as the console opens it. */
  record InstanceDetail(MonitoringSource.Instance instance, List<MonitoringSource.Element> elements, List<MonitoringSource.Variable> variables,
      List<MonitoringSource.Incident> incidents, List<TimelineEvent> timeline) {}

  /** One moment of an instance's life: what happened, at which element (the process for its start and end), and an incident's message. */
  record TimelineEvent(Instant at, String event, @JsonInclude(JsonInclude.Include.ALWAYS) String element, String detail) {}

  @GetMapping("/api/process-instances/{key}")
  @Operation(summary = "One instance: its elements with their state, variables, incidents and a timeline")
  InstanceDetail get(@PathVariable String key) {
    long k = key(key);
    MonitoringSource.Instance instance = queries.instance(k).orElseThrow(() -> InstanceOperations.problem(HttpStatus.NOT_FOUND, "No process instance " + k));
    List<MonitoringSource.Element> elements = queries.elements(k);
    List<MonitoringSource.Incident> incidents = queries.incidents(k);
    return new InstanceDetail(instance, elements, queries.variables(k), incidents, timeline(instance, elements, incidents));
  }

  @PostMapping("/api/process-instances/{key}/cancel")
  @Operation(summary = "Cancel an active instance; 404 when unknown, 409 when it already ended")
  MonitoringSource.Instance cancel(@PathVariable String key) {
    return operations.cancel(key(key));
  }

  record VariablesInput(
      @Schema(description = "The variables to set, by name: any JSON values")
      @jakarta.validation.constraints.NotNull @jakarta.validation.constraints.Size(min = 1, max = 100) Map<String, Object> variables,
      Long elementInstanceKey, Boolean local) {}

  @PostMapping("/api/process-instances/{key}/variables")
  @Operation(summary = "Set variables of an active instance (its scope, or an active element instance's with elementInstanceKey; local keeps them there);"
      + " then retry its incident. Audited")
  InstanceDetail setVariables(@PathVariable String key,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = VariablesInput.class))) @RequestBody JsonNode body) {
    VariablesInput in = strict.read(body, VariablesInput.class);
    long k = key(key);
    repair.setVariables(k, in.elementInstanceKey(), in.variables(), Boolean.TRUE.equals(in.local()));
    return get(key);
  }

  record ActivateInput(@jakarta.validation.constraints.NotBlank String elementId, Long ancestorElementInstanceKey,
      @Schema(description = "Variables of the activated element, by name: any JSON values") Map<String, Object> variables) {}

  record ModifyInput(@jakarta.validation.constraints.Size(max = 50) List<@jakarta.validation.Valid ActivateInput> activate,
      @jakarta.validation.constraints.Size(max = 50) List<Long> terminate) {}

  @PostMapping("/api/process-instances/{key}/modification")
  @Operation(summary = "Move tokens: activate elements (with variables) and terminate element instances, in one step (Camunda's process instance"
      + " modification). Each element id is checked against the instance's BPMN. Audited")
  InstanceDetail modify(@PathVariable String key,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = ModifyInput.class))) @RequestBody JsonNode body) {
    ModifyInput in = strict.read(body, ModifyInput.class);
    repair.modify(key(key),
        in.activate() == null ? List.of() : in.activate().stream().map(a -> new InstanceRepair.Activate(a.elementId(), a.ancestorElementInstanceKey(), a.variables())).toList(),
        in.terminate() == null ? List.of() : in.terminate());
    return get(key);
  }

  record MappingInput(@jakarta.validation.constraints.NotBlank String sourceElementId, @jakarta.validation.constraints.NotBlank String targetElementId) {}

  record MigrateInput(@jakarta.validation.constraints.NotNull @Min(1) Integer targetVersion,
      @jakarta.validation.constraints.NotNull @jakarta.validation.constraints.Size(max = 200) List<@jakarta.validation.Valid MappingInput> mappings) {}

  @PostMapping("/api/process-instances/{key}/migration")
  @Operation(summary = "Migrate an active instance to another version of its process, mapping each active element to one of the target version's. Audited")
  InstanceDetail migrate(@PathVariable String key,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = MigrateInput.class))) @RequestBody JsonNode body) {
    MigrateInput in = strict.read(body, MigrateInput.class);
    repair.migrate(key(key), in.targetVersion(), in.mappings().stream().map(m -> new InstanceRepair.Mapping(m.sourceElementId(), m.targetElementId())).toList());
    return get(key);
  }

  @GetMapping("/api/incidents")
  @Operation(summary = "Incidents, newest first: state ACTIVE (default) or RESOLVED, optionally of one process")
  List<MonitoringSource.Incident> incidents(@RequestParam(defaultValue = "ACTIVE") String state, @RequestParam(required = false) String processId) {
    if (!state.equals("ACTIVE") && !state.equals("RESOLVED")) {
      throw StrictJson.invalidField("state", "is ACTIVE or RESOLVED");
    }
    return queries.incidents(state, processId, 500);
  }

  record ResolveInput(@Min(1) @Max(100) Integer retries) {}

  @PostMapping("/api/incidents/{key}/resolve")
  @Operation(summary = "Give the failed job its retries back and resolve the incident; answers with what happened next (RESOLVED, FAILED_AGAIN, PENDING)")
  InstanceOperations.Resolution resolve(@PathVariable String key,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = ResolveInput.class))) @RequestBody(required = false) JsonNode body) {
    ResolveInput in = body == null || body.isEmpty() ? new ResolveInput(null) : strict.read(body, ResolveInput.class);
    return operations.resolve(key(key), in.retries() == null ? 1 : in.retries());
  }

  record BulkInput(
      String processId, @Min(1) Integer version, MonitoringSource.State state, Boolean incident, String surveyId, String contactId, String conversationId,
      String deliveryId, Instant startedAfter, Instant startedBefore, @Min(1) @Max(100) Integer retries) {}

  @PostMapping("/api/process-instances/bulk/cancel")
  @Operation(summary = "Cancel every active instance the filter matches, in the background; follow it at the returned location")
  @dev.pulse.platform.web.ApiDocumentation.Answers({202})
  ResponseEntity<BulkOperations.Operation> bulkCancel(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = BulkInput.class))) @RequestBody JsonNode body) {
    return startBulk(BulkOperations.Kind.CANCEL, body);
  }

  @PostMapping("/api/process-instances/bulk/retry")
  @Operation(summary = "Retry (resolve the incidents of) every active instance with an incident the filter matches, in the background")
  @dev.pulse.platform.web.ApiDocumentation.Answers({202})
  ResponseEntity<BulkOperations.Operation> bulkRetry(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = BulkInput.class))) @RequestBody JsonNode body) {
    return startBulk(BulkOperations.Kind.RETRY, body);
  }

  private ResponseEntity<BulkOperations.Operation> startBulk(BulkOperations.Kind kind, JsonNode body) {
    BulkInput in = strict.read(body, BulkInput.class);
    if (in.processId() == null && in.surveyId() == null && in.contactId() == null && in.conversationId() == null && in.deliveryId() == null) {
      throw StrictJson.invalidField("processId", "a bulk operation needs a processId or a business key, so that it cannot reach every instance by mistake");
    }
    MonitoringSource.Filter filter = new MonitoringSource.Filter(in.processId(), in.version(), in.state(), in.incident(), in.surveyId(), in.contactId(),
        in.conversationId(), in.deliveryId(), in.startedAfter(), in.startedBefore());
    BulkOperations.Operation op = bulk.start(kind, filter, in.retries() == null ? 1 : in.retries());
    return ResponseEntity.accepted().location(URI.create("/api/bulk-operations/" + op.id())).body(op);
  }

  @GetMapping("/api/bulk-operations/{id}")
  @Operation(summary = "A bulk operation's progress: total, done, failed (with the engine's reason per instance), status")
  BulkOperations.Operation bulkOperation(@PathVariable String id) {
    return bulk.find(id).orElseThrow(() -> InstanceOperations.problem(HttpStatus.NOT_FOUND, "No bulk operation '" + id + "'"));
  }

  @GetMapping("/api/bulk-operations")
  List<BulkOperations.Operation> bulkOperations() {
    return bulk.recent();
  }

  @GetMapping("/api/processes/{processId}/statistics")
  @Operation(summary = "Per element of a process: instances there now (active), completed, terminated, and open incidents")
  ProcessStatistics statistics(@PathVariable String processId, @RequestParam(required = false) String version) {
    Integer v = version == null ? null : integer("version", version, 1, Integer.MAX_VALUE);
    return new ProcessStatistics(processId, v, queries.statistics(processId, v));
  }

  /** A process's per-element counts, of one version or (version null) of all. */
  record ProcessStatistics(String processId, @JsonInclude(JsonInclude.Include.ALWAYS) Integer version, List<MonitoringSource.ElementStatistics> elements) {}

  /** Start, each element's start and end, incidents raised and resolved, and the end, in time order. */
  private static List<TimelineEvent> timeline(MonitoringSource.Instance instance, List<MonitoringSource.Element> elements, List<MonitoringSource.Incident> incidents) {
    List<TimelineEvent> events = new java.util.ArrayList<>();
    add(events, instance.startedAt(), "STARTED", instance.processId(), null);
    for (MonitoringSource.Element e : elements) {
      add(events, e.startedAt(), "ELEMENT_ACTIVATED", e.elementId(), null);
      if (e.endedAt() != null) {
        add(events, e.endedAt(), "ELEMENT_" + e.state(), e.elementId(), null);
      }
    }
    for (MonitoringSource.Incident i : incidents) {
      add(events, i.createdAt(), "INCIDENT_CREATED", i.elementId(), i.errorMessage());
      if (i.resolvedAt() != null) {
        add(events, i.resolvedAt(), "INCIDENT_RESOLVED", i.elementId(), null);
      }
    }
    if (instance.endedAt() != null) {
      add(events, instance.endedAt(), instance.state().name(), instance.processId(), null);
    }
    events.sort(java.util.Comparator.comparing(TimelineEvent::at));
    return events;
  }

  private static void add(List<TimelineEvent> events, Instant at, String what, String element, String detail) {
    if (at != null) {
      events.add(new TimelineEvent(at, what, element, detail));
    }
  }

  private static MonitoringSource.Filter filter(
      String processId, String version, String state, String incident, String surveyId, String contactId, String conversationId, String deliveryId,
      String startedAfter, String startedBefore) {
    return new MonitoringSource.Filter(processId, version == null ? null : integer("version", version, 1, Integer.MAX_VALUE), state(state),
        incident == null ? null : bool("incident", incident), surveyId, contactId, conversationId, deliveryId, time("startedAfter", startedAfter),
        time("startedBefore", startedBefore));
  }

  private static MonitoringSource.State state(String state) {
    if (state == null) {
      return null;
    }
    try {
      return MonitoringSource.State.valueOf(state.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw StrictJson.invalidField("state", "is one of " + List.of(MonitoringSource.State.values()));
    }
  }

  private static boolean bool(String name, String value) {
    if (!value.equals("true") && !value.equals("false")) {
      throw StrictJson.invalidField(name, "is true or false");
    }
    return Boolean.parseBoolean(value);
  }

  private static Instant time(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw StrictJson.invalidField(name, "is an ISO-8601 instant such as 2026-11-22T10:00:00Z");
    }
  }

  private static int integer(String name, String value, int min, int max) {
    try {
      int v = Integer.parseInt(value);
      if (v < min || v > max) {
        throw StrictJson.invalidField(name, "is between " + min + " and " + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw StrictJson.invalidField(name, "is a whole number");
    }
  }

  private static long key(String key) {
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw StrictJson.invalidField("key", "is a process instance or incident key (a number)");
    }
  }
}
