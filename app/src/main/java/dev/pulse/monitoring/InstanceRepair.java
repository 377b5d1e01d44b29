package dev.pulse.monitoring;

import dev.pulse.platform.web.EngineErrors;
import dev.pulse.platform.web.StrictJson;
import dev.pulse.processes.ProcessService;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Operate's instance repair: edit variables (at the instance or an element's scope), move tokens
 * (activate elements, terminate element instances: the engine's process instance modification) and
 * migrate an instance to another version of its process with an element mapping. Every request is
 * checked against the instance and its BPMN first, so a refusal names the field and the element;
 * the engine's own refusal is a 409 with its reason; every change is audited.
 */
@Service
class InstanceRepair {

  record Activate(String elementId, Long ancestorElementInstanceKey, Map<String, Object> variables) {}

  record Mapping(String sourceElementId, String targetElementId) {}

  private final CamundaClient client;
  private final MonitoringSource queries;
  private final ProcessService processes;
  private final dev.pulse.platform.audit.AuditLog audit;

  InstanceRepair(CamundaClient client, MonitoringSource queries, ProcessService processes, dev.pulse.platform.audit.AuditLog audit) {
    this.client = client;
    this.queries = queries;
    this.processes = processes;
    this.audit = audit;
  }

  /** Sets variables in the instance's scope, or in one of its active element instances' (then {@code local} keeps them there). */
  MonitoringSource.Instance setVariables(long key, Long elementInstanceKey, Map<String, Object> variables, boolean local) {
    MonitoringSource.Instance instance = active(key);
    long scope = elementInstanceKey == null ? key : elementInstanceKey;
    if (elementInstanceKey != null && queries.elements(key).stream().noneMatch(e -> e.key() == elementInstanceKey && "ACTIVE".equals(e.state()))) {
      throw StrictJson.invalidField("elementInstanceKey", "names no active element instance of process instance " + key);
    }
    try {
      client.newSetVariablesCommand(scope).variables(variables).local(local).send().join();
    } catch (ClientStatusException e) {
      throw refused("set the variables of", key, e);
    }
    audit.record("INSTANCE_VARIABLES", String.valueOf(key), Map.of("scope", scope, "local", local, "variables", variables.keySet(), "processId", instance.processId()));
    return instance;
  }

  /** Activates elements and terminates element instances in one step. */
  MonitoringSource.Instance modify(long key, List<Activate> activate, List<Long> terminate) {
    MonitoringSource.Instance instance = active(key);
    if (activate.isEmpty() && terminate.isEmpty()) {
      throw StrictJson.invalidField("activate", "and terminate are both empty: say which elements to activate or which element instances to terminate");
    }
    BpmnModelInstance model = model(instance.processId(), instance.version());
    for (int i = 0; i < activate.size(); i++) {
      flowNode(model, activate.get(i).elementId(), "activate[" + i + "].elementId", instance.processId() + " v" + instance.version());
    }
    List<MonitoringSource.Element> elements = queries.elements(key);
    for (int i = 0; i < terminate.size(); i++) {
      long t = terminate.get(i);
      if (elements.stream().noneMatch(e -> e.key() == t && "ACTIVE".equals(e.state()))) {
        throw StrictJson.invalidField("terminate[" + i + "]", "names no active element instance of process instance " + key);
      }
    }
    var command = client.newModifyProcessInstanceCommand(key);
    io.camunda.client.api.command.ModifyProcessInstanceCommandStep1.ModifyProcessInstanceCommandStep2 step = null;
    for (Activate a : activate) {
      var activation = a.ancestorElementInstanceKey() == null
          ? (step == null ? command : step.and()).activateElement(a.elementId())
          : (step == null ? command : step.and()).activateElement(a.elementId(), a.ancestorElementInstanceKey());
      step = a.variables() == null || a.variables().isEmpty() ? activation : activation.withVariables(a.variables());
    }
    for (long t : terminate) {
      step = (step == null ? command : step.and()).terminateElement(t);
    }
    try {
      step.send().join();
    } catch (ClientStatusException e) {
      throw refused("modify", key, e);
    }
    audit.record("INSTANCE_MODIFY", String.valueOf(key), Map.of("activate", activate.stream().map(Activate::elementId).toList(), "terminate", terminate,
        "processId", instance.processId()));
    return instance;
  }

  /** Moves the instance to another version of its process; each active element is mapped to one of the target's. */
  MonitoringSource.Instance migrate(long key, int targetVersion, List<Mapping> mappings) {
    MonitoringSource.Instance instance = active(key);
    long target = processes.definitionKey(instance.processId(), targetVersion)
        .orElseThrow(() -> StrictJson.invalidField("targetVersion", "process '" + instance.processId() + "' has no version " + targetVersion));
    BpmnModelInstance source = model(instance.processId(), instance.version());
    BpmnModelInstance destination = model(instance.processId(), targetVersion);
    if (mappings.isEmpty()) {
      throw StrictJson.invalidField("mappings", "is empty: map each active element to an element of version " + targetVersion);
    }
    for (int i = 0; i < mappings.size(); i++) {
      flowNode(source, mappings.get(i).sourceElementId(), "mappings[" + i + "].sourceElementId", instance.processId() + " v" + instance.version());
      flowNode(destination, mappings.get(i).targetElementId(), "mappings[" + i + "].targetElementId", instance.processId() + " v" + targetVersion);
    }
    var plan = client.newMigrateProcessInstanceCommand(key).migrationPlan(target);
    io.camunda.client.api.command.MigrateProcessInstanceCommandStep1.MigrateProcessInstanceCommandFinalStep last = null;
    for (Mapping m : mappings) {
      last = last == null ? plan.addMappingInstruction(m.sourceElementId(), m.targetElementId()) : last.addMappingInstruction(m.sourceElementId(), m.targetElementId());
    }
    try {
      last.send().join();
    } catch (ClientStatusException e) {
      throw refused("migrate", key, e);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("processId", instance.processId());
    details.put("from", instance.version());
    details.put("to", targetVersion);
    details.put("mappings", mappings.stream().map(m -> m.sourceElementId() + " -> " + m.targetElementId()).toList());
    audit.record("INSTANCE_MIGRATE", String.valueOf(key), details);
    return instance;
  }

  private MonitoringSource.Instance active(long key) {
    MonitoringSource.Instance instance = queries.instance(key).orElseThrow(() -> InstanceOperations.problem(HttpStatus.NOT_FOUND, "No process instance " + key));
    if (instance.state() != MonitoringSource.State.ACTIVE) {
      throw InstanceOperations.problem(HttpStatus.CONFLICT, "Process instance " + key + " is " + instance.state() + "; only an active instance can be repaired");
    }
    return instance;
  }

  private BpmnModelInstance model(String processId, int version) {
    String xml = processes.bpmn(processId, version)
        .orElseThrow(() -> InstanceOperations.problem(HttpStatus.CONFLICT, "No BPMN is recorded for version " + version + " of process '" + processId + "'"));
    return Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static void flowNode(BpmnModelInstance model, String elementId, String field, String where) {
    if (elementId == null || elementId.isBlank()) {
      throw StrictJson.invalidField(field, "is required");
    }
    if (!(model.getModelElementById(elementId) instanceof FlowNode)) {
      throw StrictJson.invalidField(field, "'" + elementId + "' is not an element (task, event, gateway) of " + where);
    }
  }

  private static RuntimeException refused(String what, long key, ClientStatusException e) {
    return InstanceOperations.problem(HttpStatus.CONFLICT, "The engine refused to " + what + " process instance " + key + ": " + EngineErrors.message(e));
  }
}
