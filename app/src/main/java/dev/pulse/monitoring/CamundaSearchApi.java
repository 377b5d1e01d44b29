package dev.pulse.monitoring;

import static dev.pulse.monitoring.SearchResources.ELEMENT_INSTANCES;
import static dev.pulse.monitoring.SearchResources.INCIDENTS;
import static dev.pulse.monitoring.SearchResources.PROCESS_DEFINITIONS;
import static dev.pulse.monitoring.SearchResources.PROCESS_INSTANCES;
import static dev.pulse.monitoring.SearchResources.VARIABLES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.monitoring.CamundaSearchResults.ElementInstanceResult;
import dev.pulse.monitoring.CamundaSearchResults.IncidentResult;
import dev.pulse.monitoring.CamundaSearchResults.ProcessDefinitionResult;
import dev.pulse.monitoring.CamundaSearchResults.ProcessElementStatisticsQueryResult;
import dev.pulse.monitoring.CamundaSearchResults.ProcessElementStatisticsResult;
import dev.pulse.monitoring.CamundaSearchResults.ProcessInstanceResult;
import dev.pulse.monitoring.CamundaSearchResults.SearchQueryPageResponse;
import dev.pulse.monitoring.CamundaSearchResults.SearchQueryResult;
import dev.pulse.monitoring.CamundaSearchResults.VariableResult;
import dev.pulse.monitoring.SearchResources.Resource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Camunda 8 search API ({@code /v2}, the subset monitoring needs) over the embedded engine's
 * projection: process instances, element instances, incidents, variables, process definitions and
 * per-element statistics, with Camunda's filter operators ({@code $eq}, {@code $neq}, {@code $in},
 * {@code $notIn}, {@code $exists}, {@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}), sorting
 * and offset paging. Keys are strings, as the API has them.
 *
 * <p>So a tool written for a Camunda 8 cluster, the Camunda Java client among them, can read the
 * embedded engine; and Pulse's own external-mode source ({@link CamundaSearchSource}) runs against
 * it in the tests of a machine without a cluster. A field or operator this subset does not know is
 * a 400 that names it, never silently ignored. Against an external cluster the cluster serves this
 * API itself, and these endpoints answer 404.
 */
@RestController
@Tag(name = "Camunda-compatible search (embedded engine)")
class CamundaSearchApi {

  /**
   * A search as Camunda 8's REST API takes it. The body is read as a tree by {@link SearchQuerySql}, which refuses what this
   * subset does not serve naming it (an unknown part, field or operator, a cursor) with Camunda's own words for each.
   */
  record SearchQuery(
      @Schema(description = "Field conditions, as Camunda 8 takes them: a field's value (equals), or an object of operators $eq, $neq, $in, $notIn,"
          + " $exists, $gt, $gte, $lt, $lte; process instances also take variables, a list of {name, value} with the value as JSON text")
      Map<String, Object> filter,
      Page page,
      List<Sort> sort) {
    /** Offset paging: from (default 0) and limit (default 100, at most 10000); cursors (after, before) are refused. */
    record Page(Integer from, Integer limit, String after, String before) {}

    /** A field of the resource, and ASC (default) or DESC. */
    record Sort(String field, String order) {}
  }


  private final JdbcTemplate jdbc;
  private final EngineProjection projector;
  private final SearchQuerySql sql;

  CamundaSearchApi(JdbcTemplate jdbc, org.springframework.beans.factory.ObjectProvider<EngineProjection> projector, ObjectMapper json) {
    this.jdbc = jdbc;
    this.projector = projector.getIfAvailable(() -> EngineProjection.NONE);
    this.sql = new SearchQuerySql(json);
  }

  @PostMapping("/v2/process-instances/search")
  @Operation(summary = "Camunda 8 search API: process instances of the embedded engine")
  SearchQueryResult<ProcessInstanceResult> processInstances(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchQuery.class))) @RequestBody(required = false) JsonNode body) {
    return search(PROCESS_INSTANCES, body, "i.*, " + PROCESS_INSTANCES.fields().get("hasIncident").sql() + " AS has_incident");
  }

  @GetMapping("/v2/process-instances/{key}")
  @Operation(summary = "Camunda 8 search API: one process instance of the embedded engine")
  ProcessInstanceResult processInstance(@PathVariable String key) {
    return one(PROCESS_INSTANCES, "i.*, " + PROCESS_INSTANCES.fields().get("hasIncident").sql() + " AS has_incident", "i.key", key);
  }

  @PostMapping("/v2/element-instances/search")
  @Operation(summary = "Camunda 8 search API: element instances of the embedded engine")
  SearchQueryResult<ElementInstanceResult> elementInstances(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchQuery.class))) @RequestBody(required = false) JsonNode body) {
    return search(ELEMENT_INSTANCES, body, "e.*, i.definition_key, " + ELEMENT_INSTANCES.fields().get("incidentKey").sql() + " AS incident_key");
  }

  @PostMapping("/v2/incidents/search")
  @Operation(summary = "Camunda 8 search API: incidents of the embedded engine")
  SearchQueryResult<IncidentResult> incidents(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchQuery.class))) @RequestBody(required = false) JsonNode body) {
    return search(INCIDENTS, body, "n.*, i.definition_key");
  }

  @GetMapping("/v2/incidents/{key}")
  @Operation(summary = "Camunda 8 search API: one incident of the embedded engine")
  IncidentResult incident(@PathVariable String key) {
    return one(INCIDENTS, "n.*, i.definition_key", "n.key", key);
  }

  @PostMapping("/v2/variables/search")
  @Operation(summary = "Camunda 8 search API: variables of the embedded engine")
  SearchQueryResult<VariableResult> variables(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchQuery.class))) @RequestBody(required = false) JsonNode body) {
    return search(VARIABLES, body, "v.*");
  }

  @PostMapping("/v2/process-definitions/search")
  @Operation(summary = "Camunda 8 search API: process definitions the embedded engine deployed")
  SearchQueryResult<ProcessDefinitionResult> processDefinitions(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchQuery.class))) @RequestBody(required = false) JsonNode body) {
    return search(PROCESS_DEFINITIONS, body, "d.*");
  }

  @PostMapping("/v2/process-definitions/{key}/statistics/element-instances")
  @Operation(summary = "Camunda 8 search API: per element of a process definition, instances active, completed, canceled and with incidents")
  ProcessElementStatisticsQueryResult statistics(@PathVariable String key,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchQuery.class))) @RequestBody(required = false) JsonNode body) {
    embedded();
    long definition = SearchQuerySql.keyValue("processDefinitionKey", key);
    JsonNode filter = body == null ? null : body.get("filter");
    if (filter != null && !filter.isNull() && !filter.isEmpty()) {
      throw SearchQuerySql.bad("filter: statistics of a process definition take no filter here; ask for the whole definition");
    }
    Map<String, long[]> counts = new LinkedHashMap<>();
    jdbc.query(
        "SELECT e.element_id, count(*) FILTER (WHERE e.state = 'ACTIVE'), count(*) FILTER (WHERE e.state = 'COMPLETED'),"
            + " count(*) FILTER (WHERE e.state = 'TERMINATED') FROM monitor_elements e JOIN monitor_instances i ON i.key = e.instance_key"
            + " WHERE i.definition_key = ? AND e.element_type <> 'PROCESS' GROUP BY e.element_id ORDER BY e.element_id",
        rs -> {
          counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), 0});
        },
        definition);
    jdbc.query(
        "SELECT n.element_id, count(*) FROM monitor_incidents n JOIN monitor_instances i ON i.key = n.instance_key"
            + " WHERE i.definition_key = ? AND n.state = 'ACTIVE' GROUP BY n.element_id",
        rs -> {
          counts.computeIfAbsent(rs.getString(1), id -> new long[4])[3] = rs.getLong(2);
        },
        definition);
    List<ProcessElementStatisticsResult> items = new ArrayList<>();
    counts.forEach((element, c) -> items.add(new ProcessElementStatisticsResult(element, c[0], c[1], c[2], c[3])));
    return new ProcessElementStatisticsQueryResult(items);
  }

  private <T> T one(Resource<T> r, String select, String keyColumn, String key) {
    embedded();
    long k = SearchQuerySql.keyValue("key", key);
    List<T> rows = jdbc.query("SELECT " + select + " FROM " + r.from() + " WHERE " + keyColumn + " = ?", (rs, n) -> r.reader().read(rs), k);
    if (rows.isEmpty()) {
      throw InstanceOperations.problem(HttpStatus.NOT_FOUND, "No " + r.name() + " with key " + k);
    }
    return rows.get(0);
  }

  private <T> SearchQueryResult<T> search(Resource<T> r, JsonNode body, String select) {
    embedded();
    SearchQuerySql.Translated q = sql.translate(r, body);
    long total = jdbc.queryForObject("SELECT count(*) FROM " + r.from() + q.where(), Long.class, q.args().toArray());
    List<Object> pageArgs = new ArrayList<>(q.args());
    pageArgs.add(q.limit());
    pageArgs.add(q.from());
    List<T> items = jdbc.query(
        "SELECT " + select + " FROM " + r.from() + q.where() + " ORDER BY " + q.order() + " LIMIT ? OFFSET ?", (rs, n) -> r.reader().read(rs), pageArgs.toArray());
    return new SearchQueryResult<>(items, new SearchQueryPageResponse(total, false));
  }

  private void embedded() {
    if (!projector.active()) {
      throw InstanceOperations.problem(HttpStatus.NOT_FOUND,
          "This search API serves the embedded engine; Pulse runs against a Camunda 8 cluster, whose own /v2 API answers these queries");
    }
  }
}
