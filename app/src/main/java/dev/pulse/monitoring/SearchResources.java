package dev.pulse.monitoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Camunda 8 search API ({@link CamundaSearchApi}) can search: each resource's rows in the
 * engine projection, its filterable and sortable fields with their SQL and kind, and how a row
 * reads as the API's JSON.
 */
final class SearchResources {

  private SearchResources() {}

  enum Kind {
    KEY,
    STRING,
    INT,
    DATE,
    BOOL
  }

  /** A filterable, sortable field: its SQL expression and what its values are. */
  record Field(String sql, Kind kind) {}

  /** One searchable resource: its rows, its fields, how a row reads as JSON, and the order when none is asked. */
  record Resource(String name, String from, Map<String, Field> fields, RowReader reader, String defaultOrder) {}

  @FunctionalInterface
  interface RowReader {
    Map<String, Object> read(ResultSet rs) throws SQLException;
  }

  static final String TENANT = "'<default>'";

  static final Resource PROCESS_INSTANCES = new Resource("process instance",
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

  static final Resource ELEMENT_INSTANCES = new Resource("element instance",
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

  static final Resource INCIDENTS = new Resource("incident",
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

  static final Resource VARIABLES = new Resource("variable",
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

  static final Resource PROCESS_DEFINITIONS = new Resource("process definition",
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

  private static Map<String, Field> fields(Object... pairs) {
    Map<String, Field> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (Field) pairs[i + 1]);
    }
    return out;
  }

  /** A JSON object from name/value pairs, without the null values. */
  static Map<String, Object> row(Object... pairs) {
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
