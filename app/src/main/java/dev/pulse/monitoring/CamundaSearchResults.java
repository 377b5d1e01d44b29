package dev.pulse.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The bodies the Camunda 8 search API ({@link CamundaSearchApi}) answers, named as Camunda's own
 * OpenAPI document names them so a generated client reads them alike. Keys are strings and dates
 * ISO-8601 texts, as the API has them; a field with no value is left out.
 */
final class CamundaSearchResults {

  private CamundaSearchResults() {}

  /** A page of results: the items and how many match in all. */
  record SearchQueryResult<T>(List<T> items, SearchQueryPageResponse page) {}

  record SearchQueryPageResponse(long totalItems, boolean hasMoreTotalItems) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ProcessInstanceResult(String processInstanceKey, String processDefinitionId, String processDefinitionName, int processDefinitionVersion,
      String processDefinitionKey, String parentProcessInstanceKey, String startDate, String endDate, String state, boolean hasIncident, String tenantId) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ElementInstanceResult(String elementInstanceKey, String processInstanceKey, String processDefinitionKey, String processDefinitionId,
      String elementId, String elementName, String type, String state, String startDate, String endDate, boolean hasIncident, String incidentKey,
      String tenantId) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record IncidentResult(String incidentKey, String processDefinitionKey, String processDefinitionId, String processInstanceKey, String errorType,
      String errorMessage, String elementId, String elementInstanceKey, String creationTime, String state, String jobKey, String tenantId) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record VariableResult(String variableKey, String name, String value, String scopeKey, String processInstanceKey,
      @JsonProperty("isTruncated") boolean isTruncated, String tenantId) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ProcessDefinitionResult(String processDefinitionKey, String processDefinitionId, String name, String resourceName, int version,
      boolean hasStartForm, String tenantId) {}

  /** Per element of a process definition: its instances active, completed, canceled, and its open incidents. */
  record ProcessElementStatisticsResult(String elementId, long active, long completed, long canceled, long incidents) {}

  /** The statistics of a process definition: one item per element, no page. */
  record ProcessElementStatisticsQueryResult(List<ProcessElementStatisticsResult> items) {}
}
