package dev.pulse.monitoring;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
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

  /** A search as Camunda 8's REST API takes it (documentation of the body; read leniently as JSON). */
  record SearchQuery(java.util.Map<String, Object> filter, Page page, java.util.List<Sort> sort) {
    record Page(Integer from, Integer limit, String after, String before) {}

    record Sort(String field, String order) {}
  }


  private enum Kind {
    KEY,
    STRING,
    INT,
    DATE,
    BOOL
  }

  /** A filterable, sortable field: its SQL expression and what its values are. */
  private record Field(String sql, Kind kind) {}

  /** One searchable resource: its rows, its fields, how a row reads as JSON, and the order when none is asked. */
  private record Resource(String name, String from, Map<String, Field> fields, RowReader reader, String defaultOrder) {}

  @FunctionalInterface
  private interface RowReader {
    Map<String, Object> read(ResultSet rs) throws SQLException;
  }

  private static final String TENANT = "'<default>'";
  private static final int MAX_LIMIT = 10_000;

  private static final Resource PROCESS_INSTANCES = new Resource("process instance",
      "monitor_instances i",
      fields(
          "processInstanceKey", new Field("i.key", Kind.KEY),
          "processDefinitionId", new Field("i.process_id", Kind.STRING),
          "processDefinitionName", new Field("i.process_id", Kind.STRING),
          "processDefinitionVersion", new Field("i.version", Kind.INT),
          "processDefinitionKey", new Field("i.definition_key", Kind.KEY),
          "parentProcessInstanceKey", new Field("i.parent_key", Kind.KEY),
          "startDate", new Field("i.started_at", Kind.DATE),
          "endDate", new Field("i.ended_at", Kind.DATE),
          // the API's TERMINATED is the projection's CANCELED
          "state", new Field("(CASE i.state WHEN 'CANCELED' THEN 'TERMINATED' ELSE i.state END)", Kind.STRING),
          "hasIncident", new Field("EXISTS (SELECT 1 FROM monitor_incidents n WHERE n.instance_key = i.key AND n.state = 'ACTIVE')", Kind.BOOL),
          "tenantId", new Field(TENANT, Kind.STRING)),
      rs -> row(
          "processInstanceKey", key(rs, "key"),
          "processDefinitionId", rs.getString("process_id"),
          "processDefinitionName", rs.getString("process_id"),
          "processDefinitionVersion", rs.getInt("version"),
          "processDefinitionKey", key(rs, "definition_key"),
          "parentProcessInstanceKey", key(rs, "parent_key"),
          "startDate", date(rs, "started_at"),
          "endDate", date(rs, "ended_at"),
          "state", "CANCELED".equals(rs.getString("state")) ? "TERMINATED" : rs.getString("state"),
          "hasIncident", rs.getBoolean("has_incident"),
          "tenantId", "<default>"),
      "i.key");

  private static final Resource ELEMENT_INSTANCES = new Resource("element instance",
      "monitor_elements e JOIN monitor_instances i ON i.key = e.instance_key",
      fields(
          "elementInstanceKey", new Field("e.key", Kind.KEY),
          "processInstanceKey", new Field("e.instance_key", Kind.KEY),
          "processDefinitionKey", new Field("i.definition_key", Kind.KEY),
          "processDefinitionId", new Field("e.process_id", Kind.STRING),
          "elementId", new Field("e.element_id", Kind.STRING),
          "elementName", new Field("e.element_id", Kind.STRING),
          "type", new Field("e.element_type", Kind.STRING),
          "state", new Field("e.state", Kind.STRING),
          "startDate", new Field("e.started_at", Kind.DATE),
          "endDate", new Field("e.ended_at", Kind.DATE),
          "hasIncident", new Field("EXISTS (SELECT 1 FROM monitor_incidents n WHERE n.element_instance_key = e.key AND n.state = 'ACTIVE')", Kind.BOOL),
          "incidentKey", new Field("(SELECT max(n.key) FROM monitor_incidents n WHERE n.element_instance_key = e.key AND n.state = 'ACTIVE')", Kind.KEY),
          "tenantId", new Field(TENANT, Kind.STRING)),
      rs -> row(
          "elementInstanceKey", key(rs, "key"),
          "processInstanceKey", key(rs, "instance_key"),
          "processDefinitionKey", key(rs, "definition_key"),
          "processDefinitionId", rs.getString("process_id"),
          "elementId", rs.getString("element_id"),
          "elementName", rs.getString("element_id"),
          "type", rs.getString("element_type"),
          "state", rs.getString("state"),
          "startDate", date(rs, "started_at"),
          "endDate", date(rs, "ended_at"),
          "hasIncident", rs.getObject("incident_key") != null,
          "incidentKey", key(rs, "incident_key"),
          "tenantId", "<default>"),
      "e.key");

  private static final Resource INCIDENTS = new Resource("incident",
      "monitor_incidents n LEFT JOIN monitor_instances i ON i.key = n.instance_key",
      fields(
          "incidentKey", new Field("n.key", Kind.KEY),
          "processDefinitionKey", new Field("i.definition_key", Kind.KEY),
          "processDefinitionId", new Field("n.process_id", Kind.STRING),
          "processInstanceKey", new Field("n.instance_key", Kind.KEY),
          "errorType", new Field("n.error_type", Kind.STRING),
          "errorMessage", new Field("n.error_message", Kind.STRING),
          "elementId", new Field("n.element_id", Kind.STRING),
          "elementInstanceKey", new Field("n.element_instance_key", Kind.KEY),
          "creationTime", new Field("n.created_at", Kind.DATE),
          "state", new Field("n.state", Kind.STRING),
          "jobKey", new Field("n.job_key", Kind.KEY),
          "tenantId", new Field(TENANT, Kind.STRING)),
      rs -> row(
          "incidentKey", key(rs, "key"),
          "processDefinitionKey", key(rs, "definition_key"),
          "processDefinitionId", rs.getString("process_id"),
          "processInstanceKey", key(rs, "instance_key"),
          "errorType", rs.getString("error_type"),
          "errorMessage", rs.getString("error_message"),
          "elementId", rs.getString("element_id"),
          "elementInstanceKey", key(rs, "element_instance_key"),
          "creationTime", date(rs, "created_at"),
          "state", rs.getString("state"),
          "jobKey", key(rs, "job_key"),
          "tenantId", "<default>"),
      "n.key");

  private static final Resource VARIABLES = new Resource("variable",
      "monitor_variables v",
      fields(
          "variableKey", new Field("v.variable_key", Kind.KEY),
          "name", new Field("v.name", Kind.STRING),
          "value", new Field("v.value", Kind.STRING),
          "scopeKey", new Field("v.scope_key", Kind.KEY),
          "processInstanceKey", new Field("v.instance_key", Kind.KEY),
          "isTruncated", new Field("false", Kind.BOOL),
          "tenantId", new Field(TENANT, Kind.STRING)),
      rs -> row(
          "variableKey", key(rs, "variable_key"),
          "name", rs.getString("name"),
          "value", rs.getString("value"),
          "scopeKey", key(rs, "scope_key"),
          "processInstanceKey", key(rs, "instance_key"),
          "isTruncated", false,
          "tenantId", "<default>"),
      "v.instance_key, v.scope_key, v.name");

  private static final Resource PROCESS_DEFINITIONS = new Resource("process definition",
      "monitor_processes d",
      fields(
          "processDefinitionKey", new Field("d.key", Kind.KEY),
          "processDefinitionId", new Field("d.process_id", Kind.STRING),
          "name", new Field("d.process_id", Kind.STRING),
          "resourceName", new Field("d.resource_name", Kind.STRING),
          "version", new Field("d.version", Kind.INT),
          "isLatestVersion", new Field("(d.version = (SELECT max(l.version) FROM monitor_processes l WHERE l.process_id = d.process_id))", Kind.BOOL),
          "hasStartForm", new Field("false", Kind.BOOL),
          "tenantId", new Field(TENANT, Kind.STRING)),
      rs -> row(
          "processDefinitionKey", key(rs, "key"),
          "processDefinitionId", rs.getString("process_id"),
          "name", rs.getString("process_id"),
          "resourceName", rs.getString("resource_name"),
          "version", rs.getInt("version"),
          "hasStartForm", false,
          "tenantId", "<default>"),
      "d.key");

  private final JdbcTemplate jdbc;
  private final EngineProjection projector;
  private final ObjectMapper json;

  CamundaSearchApi(JdbcTemplate jdbc, org.springframework.beans.factory.ObjectProvider<EngineProjection> projector, ObjectMapper json) {
    this.jdbc = jdbc;
    this.projector = projector.getIfAvailable(() -> EngineProjection.NONE);
    this.json = json;
  }

  @PostMapping("/v2/process-instances/search")
  @Operation(summary = "Camunda 8 search API: process instances of the embedded engine")
  Map<String, Object> processInstances(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchQuery.class))) @RequestBody(required = false) JsonNode body) {
    return search(PROCESS_INSTANCES, body, "i.*, " + PROCESS_INSTANCES.fields().get("hasIncident").sql() + " AS has_incident");
  }

  @GetMapping("/v2/process-instances/{key}")
  @Operation(summary = "Camunda 8 search API: one process instance of the embedded engine")
  Map<String, Object> processInstance(@PathVariable String key) {
    return one(PROCESS_INSTANCES, "i.*, " + PROCESS_INSTANCES.fields().get("hasIncident").sql() + " AS has_incident", "i.key", key);
  }

  @PostMapping("/v2/element-instances/search")
  @Operation(summary = "Camunda 8 search API: element instances of the embedded engine")
  Map<String, Object> elementInstances(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchQuery.class))) @RequestBody(required = false) JsonNode body) {
    return search(ELEMENT_INSTANCES, body, "e.*, i.definition_key, " + ELEMENT_INSTANCES.fields().get("incidentKey").sql() + " AS incident_key");
  }

  @PostMapping("/v2/incidents/search")
  @Operation(summary = "Camunda 8 search API: incidents of the embedded engine")
  Map<String, Object> incidents(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchQuery.class))) @RequestBody(required = false) JsonNode body) {
    return search(INCIDENTS, body, "n.*, i.definition_key");
  }

  @GetMapping("/v2/incidents/{key}")
  @Operation(summary = "Camunda 8 search API: one incident of the embedded engine")
  Map<String, Object> incident(@PathVariable String key) {
    return one(INCIDENTS, "n.*, i.definition_key", "n.key", key);
  }

  @PostMapping("/v2/variables/search")
  @Operation(summary = "Camunda 8 search API: variables of the embedded engine")
  Map<String, Object> variables(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchQuery.class))) @RequestBody(required = false) JsonNode body) {
    return search(VARIABLES, body, "v.*");
  }

  @PostMapping("/v2/process-definitions/search")
  @Operation(summary = "Camunda 8 search API: process definitions the embedded engine deployed")
  Map<String, Object> processDefinitions(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchQuery.class))) @RequestBody(required = false) JsonNode body) {
    return search(PROCESS_DEFINITIONS, body, "d.*");
  }

  @PostMapping("/v2/process-definitions/{key}/statistics/element-instances")
  @Operation(summary = "Camunda 8 search API: per element of a process definition, instances active, completed, canceled and with incidents")
  Map<String, Object> statistics(@PathVariable String key,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchQuery.class))) @RequestBody(required = false) JsonNode body) {
    embedded();
    long definition = keyValue("processDefinitionKey", key);
    JsonNode filter = body == null ? null : body.get("filter");
    if (filter != null && !filter.isNull() && !filter.isEmpty()) {
      throw bad("filter: statistics of a process definition take no filter here; ask for the whole definition");
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
    List<Map<String, Object>> items = new ArrayList<>();
    counts.forEach((element, c) -> items.add(row("elementId", element, "active", c[0], "completed", c[1], "canceled", c[2], "incidents", c[3])));
    return Map.of("items", items);
  }

  private Map<String, Object> one(Resource r, String select, String keyColumn, String key) {
    embedded();
    long k = keyValue("key", key);
    List<Map<String, Object>> rows = jdbc.query("SELECT " + select + " FROM " + r.from() + " WHERE " + keyColumn + " = ?", (rs, n) -> r.reader().read(rs), k);
    if (rows.isEmpty()) {
      throw InstanceOperations.problem(HttpStatus.NOT_FOUND, "No " + r.name() + " with key " + k);
    }
    return rows.get(0);
  }

  private Map<String, Object> search(Resource r, JsonNode body, String select) {
    embedded();
    JsonNode query = body == null || body.isNull() ? JsonNodeFactory.instance.objectNode() : body;
    if (!query.isObject()) {
      throw bad("the body is a search query object: {filter, sort, page}");
    }
    for (Iterator<String> names = query.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!List.of("filter", "sort", "page").contains(name)) {
        throw bad(name + ": not a part of a search query (filter, sort, page)");
      }
    }
    StringBuilder where = new StringBuilder(" WHERE true");
    List<Object> args = new ArrayList<>();
    JsonNode filter = query.get("filter");
    if (filter != null && !filter.isNull()) {
      if (!filter.isObject()) {
        throw bad("filter: is an object of field conditions");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = filter.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isNull() || (e.getValue().isContainerNode() && e.getValue().isEmpty())) {
          continue; // the Camunda client sends empty lists and objects for filters it was not given
        }
        if (r == PROCESS_INSTANCES && e.getKey().equals("variables")) {
          variables(e.getValue(), where, args);
          continue;
        }
        Field field = r.fields().get(e.getKey());
        if (field == null) {
          throw bad("filter." + e.getKey() + ": not a " + r.name() + " filter this server knows; it knows " + new java.util.TreeSet<>(r.fields().keySet()));
        }
        condition("filter." + e.getKey(), field, e.getValue(), where, args);
      }
    }
    StringBuilder order = new StringBuilder();
    JsonNode sort = query.get("sort");
    if (sort != null && !sort.isNull()) {
      if (!sort.isArray()) {
        throw bad("sort: is a list of {field, order}");
      }
      for (JsonNode s : sort) {
        String name = s.path("field").asText();
        Field field = r.fields().get(name);
        if (field == null) {
          throw bad("sort.field: '" + name + "' is not a " + r.name() + " field; it is one of " + new java.util.TreeSet<>(r.fields().keySet()));
        }
        String direction = s.path("order").asText("ASC").toUpperCase(java.util.Locale.ROOT);
        if (!direction.equals("ASC") && !direction.equals("DESC")) {
          throw bad("sort.order: is ASC or DESC");
        }
        if (constant(field)) {
          continue; // the same on every row (tenant, flags this engine never sets): no order to add
        }
        order.append(order.isEmpty() ? "" : ", ").append(field.sql()).append(' ').append(direction).append(" NULLS LAST");
      }
    }
    order.append(order.isEmpty() ? "" : ", ").append(r.defaultOrder());
    JsonNode page = query.path("page");
    for (String cursor : List.of("after", "before")) {
      if (page.hasNonNull(cursor)) {
        throw bad("page." + cursor + ": cursor paging is not served here; page with from and limit");
      }
    }
    int from = number("page.from", page.get("from"), 0, Integer.MAX_VALUE, 0);
    int limit = number("page.limit", page.get("limit"), 0, MAX_LIMIT, 100);
    long total = jdbc.queryForObject("SELECT count(*) FROM " + r.from() + where, Long.class, args.toArray());
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(limit);
    pageArgs.add(from);
    List<Map<String, Object>> items = jdbc.query(
        "SELECT " + select + " FROM " + r.from() + where + " ORDER BY " + order + " LIMIT ? OFFSET ?", (rs, n) -> r.reader().read(rs), pageArgs.toArray());
    Map<String, Object> pageOut = new LinkedHashMap<>();
    pageOut.put("totalItems", total);
    pageOut.put("hasMoreTotalItems", false);
    return row("items", items, "page", pageOut);
  }

  /** Process instances by the value of their variables: each {name, value} must hold, value as JSON text. */
  private void variables(JsonNode list, StringBuilder where, List<Object> args) {
    if (!list.isArray()) {
      throw bad("filter.variables: is a list of {name, value}");
    }
    for (JsonNode v : list) {
      if (!v.hasNonNull("name") || !v.hasNonNull("value")) {
        throw bad("filter.variables: each has a name and a value");
      }
      StringBuilder inner = new StringBuilder("v.scope_key = i.key AND v.name = ?");
      List<Object> innerArgs = new ArrayList<>(List.of(v.get("name").asText()));
      String path = "filter.variables[" + v.get("name").asText() + "].value";
      condition(path, new Field("v.value", Kind.STRING), jsonValues(path, v.get("value")), inner, innerArgs);
      where.append(" AND EXISTS (SELECT 1 FROM monitor_variables v WHERE ").append(inner).append(')');
      args.addAll(innerArgs);
    }
  }

  /**
   * A variable value is compared as JSON text, as Camunda does: the string {@code abc} is sent as
   * {@code "\"abc\""}. A value that is not JSON is refused, not guessed at (a client that sends
   * a bare word would match nothing on a cluster).
   */
  private JsonNode jsonValues(String path, JsonNode value) {
    if (value.isTextual()) {
      return JsonNodeFactory.instance.textNode(asJson(path, value.asText()));
    }
    if (value.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode out = JsonNodeFactory.instance.objectNode();
      value.fields().forEachRemaining(e -> {
        if (e.getValue().isTextual()) {
          out.put(e.getKey(), asJson(path + "." + e.getKey(), e.getValue().asText()));
        } else if (e.getValue().isArray()) {
          com.fasterxml.jackson.databind.node.ArrayNode a = out.putArray(e.getKey());
          e.getValue().forEach(x -> a.add(asJson(path + "." + e.getKey(), x.asText())));
        } else {
          out.set(e.getKey(), e.getValue());
        }
      });
      return out;
    }
    return value;
  }

  /** The value as the engine writes it (compact JSON), or a 400 when it is not JSON. */
  private String asJson(String path, String text) {
    try {
      return json.writeValueAsString(json.readTree(text));
    } catch (Exception notJson) {
      throw bad(path + ": is the variable's value as JSON, so a string is quoted: \"\\\"" + text + "\\\"\"");
    }
  }

  /** One field's condition: a plain value is $eq; an object holds operators. */
  private static void condition(String path, Field field, JsonNode value, StringBuilder where, List<Object> args) {
    if (!value.isObject()) {
      where.append(" AND ").append(field.sql()).append(" = ?");
      args.add(value(path, field.kind(), value));
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> op = it.next();
      JsonNode operand = op.getValue();
      if (operand.isNull()) {
        continue;
      }
      String at = path + "." + op.getKey();
      switch (op.getKey()) {
        case "$eq", "$neq", "$gt", "$gte", "$lt", "$lte" -> {
          String sql = switch (op.getKey()) {
            case "$eq" -> " = ?";
            case "$neq" -> " IS DISTINCT FROM ?";
            case "$gt" -> " > ?";
            case "$gte" -> " >= ?";
            case "$lt" -> " < ?";
            default -> " <= ?";
          };
          where.append(" AND ").append(field.sql()).append(sql);
          args.add(value(at, field.kind(), operand));
        }
        case "$in", "$notIn" -> {
          if (!operand.isArray()) {
            throw bad(at + ": is a list");
          }
          if (operand.isEmpty()) {
            continue; // the Camunda client sends empty lists for operators it was not given
          }
          boolean in = op.getKey().equals("$in");
          // a missing value is "not in" any list
          where.append(" AND ").append(in ? "" : "(" + field.sql() + " IS NULL OR NOT ").append(field.sql()).append(" IN (");
          for (int i = 0; i < operand.size(); i++) {
            where.append(i == 0 ? "?" : ", ?");
            args.add(value(at + "[" + i + "]", field.kind(), operand.get(i)));
          }
          where.append(in ? ")" : "))");
        }
        case "$exists" -> where.append(" AND ").append(field.sql()).append(operand.asBoolean() ? " IS NOT NULL" : " IS NULL");
        default -> throw bad(at + ": not an operator this server knows ($eq, $neq, $in, $notIn, $exists, $gt, $gte, $lt, $lte)");
      }
    }
  }

  private static Object value(String path, Kind kind, JsonNode v) {
    switch (kind) {
      case KEY -> {
        if (v.isIntegralNumber()) {
          if (!v.canConvertToLong()) {
            throw bad(path + ": is a key (a 64-bit number)");
          }
          return v.asLong();
        }
        return keyValue(path, v.asText());
      }
      case INT -> {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
          throw bad(path + ": is a whole number (32-bit)");
        }
        return v.asInt();
      }
      case DATE -> {
        try {
          return Timestamp.from(OffsetDateTime.parse(v.asText()).toInstant());
        } catch (DateTimeParseException e) {
          throw bad(path + ": is a date-time such as 2026-11-22T10:00:00Z");
        }
      }
      case BOOL -> {
        if (!v.isBoolean()) {
          throw bad(path + ": is true or false");
        }
        return v.asBoolean();
      }
      default -> {
        if (!v.isValueNode()) {
          throw bad(path + ": is a string");
        }
        return v.asText();
      }
    }
  }

  private static long keyValue(String path, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw bad(path + ": is a key (a number, as a string)");
    }
  }

  private static boolean constant(Field field) {
    return field.sql().equals(TENANT) || field.sql().equals("false");
  }

  private void embedded() {
    if (!projector.active()) {
      throw InstanceOperations.problem(HttpStatus.NOT_FOUND,
          "This search API serves the embedded engine; Pulse runs against a Camunda 8 cluster, whose own /v2 API answers these queries");
    }
  }

  private static int number(String path, JsonNode v, int min, int max, int absent) {
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw bad(path + ": is a whole number from " + min + " to " + max);
    }
    return v.asInt();
  }

  private static org.springframework.web.ErrorResponseException bad(String detail) {
    return InstanceOperations.problem(HttpStatus.BAD_REQUEST, detail);
  }

  private static Map<String, Field> fields(Object... pairs) {
    Map<String, Field> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (Field) pairs[i + 1]);
    }
    return out;
  }

  /** A JSON object from name/value pairs, without the null values. */
  private static Map<String, Object> row(Object... pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        out.put((String) pairs[i], pairs[i + 1]);
      }
    }
    return out;
  }

  private static String key(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Long.toString(v);
  }

  private static String date(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant().toString();
  }
}
