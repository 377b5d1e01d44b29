package dev.pulse.monitoring;

import dev.pulse.monitoring.CamundaSearchResults.ElementInstanceResult;
import dev.pulse.monitoring.CamundaSearchResults.IncidentResult;
import dev.pulse.monitoring.CamundaSearchResults.ProcessDefinitionResult;
import dev.pulse.monitoring.CamundaSearchResults.ProcessInstanceResult;
import dev.pulse.monitoring.CamundaSearchResults.VariableResult;
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
  record Resource<T>(String name, String from, Map<String, Field> fields, RowReader<T> reader, String defaultOrder) {}

  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  static final String TENANT = "'<default>'";

  static final Resource<ProcessInstanceResult> PROCESS_INSTANCES = new Resource<>("process instance",
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
      rs -> new ProcessInstanceResult(
          key(rs, "key"),
          rs.getString("process_id"),
          rs.getString("process_id"),
          rs.getInt("version"),
          key(rs, "definition_key"),
          key(rs, "parent_key"),
          date(rs, "started_at"),
          date(rs, "ended_at"),
          "CANCELED".equals(rs.getString("state")) ? "TERMINATED" : rs.getString("state"),
          rs.getBoolean("has_incident"),
          "<default>"),
      "i.key");

  static final Resource<ElementInstanceResult> ELEMENT_INSTANCES = new Resource<>("element instance",
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
      rs -> new ElementInstanceResult(
          key(rs, "key"),
          key(rs, "instance_key"),
          key(rs, "definition_key"),
          rs.getString("process_id"),
          rs.getString("element_id"),
          rs.getString("element_id"),
          rs.getString("element_type"),
          rs.getString("state"),
          date(rs, "started_at"),
          date(rs, "ended_at"),
          rs.getObject("incident_key") != null,
          key(rs, "incident_key"),
          "<default>"),
      "e.key");

  static final Resource<IncidentResult> INCIDENTS = new Resource<>("incident",
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
      rs -> new IncidentResult(
          key(rs, "key"),
          key(rs, "definition_key"),
          rs.getString("process_id"),
          key(rs, "instance_key"),
          rs.getString("error_type"),
          rs.getString("error_message"),
          rs.getString("element_id"),
          key(rs, "element_instance_key"),
          date(rs, "created_at"),
          rs.getString("state"),
          key(rs, "job_key"),
          "<default>"),
      "n.key");

  static final Resource<VariableResult> VARIABLES = new Resource<>("variable",
      "monitor_variables v",
      fields(
          "variableKey", new Field("v.variable_key", Kind.KEY),
          "name", new Field("v.name", Kind.STRING),
          "value", new Field("v.value", Kind.STRING),
          "scopeKey", new Field("v.scope_key", Kind.KEY),
          "processInstanceKey", new Field("v.instance_key", Kind.KEY),
          "isTruncated", new Field("false", Kind.BOOL),
          "tenantId", new Field(TENANT, Kind.STRING)),
      rs -> new VariableResult(
          key(rs, "variable_key"),
          rs.getString("name"),
          rs.getString("value"),
          key(rs, "scope_key"),
          key(rs, "instance_key"),
          false,
          "<default>"),
      "v.instance_key, v.scope_key, v.name");

  static final Resource<ProcessDefinitionResult> PROCESS_DEFINITIONS = new Resource<>("process definition",
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
      rs -> new ProcessDefinitionResult(
          key(rs, "key"),
          rs.getString("process_id"),
          rs.getString("process_id"),
          rs.getString("resource_name"),
          rs.getInt("version"),
          false,
          "<default>"),
      "d.key");

  private static Map<String, Field> fields(Object... pairs) {
    Map<String, Field> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (Field) pairs[i + 1]);
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
