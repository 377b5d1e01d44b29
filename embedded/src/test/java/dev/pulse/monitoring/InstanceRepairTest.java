package dev.pulse.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.pulse.testing.PulseStackTest;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Operate-grade repair of a running instance: an incident caused by a missing variable is fixed by
 * setting it and retrying; a token is moved (process instance modification); the instance is
 * migrated to a new version with a mapping. Each refusal names its field; each change is audited.
 */
class InstanceRepairTest extends PulseStackTest {

  @Test
  void aMissingVariableIsSetTheTokenMovedAndTheInstanceMigrated() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String process = "repair-" + tag;
    deploy(process, "Task_Large");
    long key = postJson("/api/processes/" + process + "/instances", "{}").getBody().get("processInstanceKey").asLong();

    // no amount: the gateway cannot decide, an incident
    JsonNode incident = await().atMost(Duration.ofSeconds(20)).until(() -> activeIncident(key), i -> i != null);
    assertThat(incident.get("elementId").asText()).isEqualTo("Gateway_Amount");

    ResponseEntity<JsonNode> set = postJson("/api/process-instances/" + key + "/variables", "{\"variables\":{\"amount\":50}}");
    assertThat(set.getStatusCode()).as(String.valueOf(set.getBody())).isEqualTo(HttpStatus.OK);
    ResponseEntity<JsonNode> retried = postJson("/api/incidents/" + incident.get("key").asText() + "/resolve", "{}");
    assertThat(retried.getBody().get("outcome").asText()).as(String.valueOf(retried.getBody())).isEqualTo("RESOLVED");
    JsonNode small = await().atMost(Duration.ofSeconds(20)).until(() -> activeElement(key, "Task_Small"), e -> e != null);

    // the token goes to the big-order task instead
    ResponseEntity<JsonNode> unknown = postJson("/api/process-instances/" + key + "/modification", "{\"activate\":[{\"elementId\":\"Task_Nope\"}]}");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknown.getBody().get("errors").findValuesAsText("field")).containsExactly("activate[0].elementId");
    ResponseEntity<JsonNode> ghost = postJson("/api/process-instances/" + key + "/modification", "{\"terminate\":[42]}");
    assertThat(ghost.getBody().get("errors").findValuesAsText("field")).containsExactly("terminate[0]");
    ResponseEntity<JsonNode> moved = postJson("/api/process-instances/" + key + "/modification",
        "{\"activate\":[{\"elementId\":\"Task_Large\",\"variables\":{\"movedBy\":\"admin\"}}],\"terminate\":[" + small.get("key").asText() + "]}");
    assertThat(moved.getStatusCode()).as(String.valueOf(moved.getBody())).isEqualTo(HttpStatus.OK);
    await().atMost(Duration.ofSeconds(20)).until(() -> activeElement(key, "Task_Large") != null && activeElement(key, "Task_Small") == null);

    // version 2 renames the task; the instance moves over with a mapping
    deploy(process, "Task_Big");
    ResponseEntity<JsonNode> badMapping = postJson("/api/process-instances/" + key + "/migration",
        "{\"targetVersion\":2,\"mappings\":[{\"sourceElementId\":\"Task_Large\",\"targetElementId\":\"Task_Large\"}]}");
    assertThat(badMapping.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badMapping.getBody().get("errors").findValuesAsText("field")).containsExactly("mappings[0].targetElementId");
    ResponseEntity<JsonNode> noVersion = postJson("/api/process-instances/" + key + "/migration",
        "{\"targetVersion\":9,\"mappings\":[{\"sourceElementId\":\"Task_Large\",\"targetElementId\":\"Task_Big\"}]}");
    assertThat(noVersion.getBody().get("errors").findValuesAsText("field")).containsExactly("targetVersion");
    ResponseEntity<JsonNode> migrated = postJson("/api/process-instances/" + key + "/migration",
        "{\"targetVersion\":2,\"mappings\":[{\"sourceElementId\":\"Task_Large\",\"targetElementId\":\"Task_Big\"}]}");
    assertThat(migrated.getStatusCode()).as(String.valueOf(migrated.getBody())).isEqualTo(HttpStatus.OK);
    await().atMost(Duration.ofSeconds(20)).until(() -> rest.getForObject("/api/process-instances/" + key, JsonNode.class).at("/instance/version").asInt() == 2
        && activeElement(key, "Task_Big") != null);

    assertThat(postJson("/api/process-instances/" + key + "/variables", "{\"variables\":{}}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(postJson("/api/process-instances/99999999999/variables", "{\"variables\":{\"a\":1}}").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    String audit = rest.getForObject("/api/audit?target=" + key, JsonNode.class).toString();
    assertThat(audit).contains("INSTANCE_VARIABLES").contains("INSTANCE_MODIFY").contains("INSTANCE_MIGRATE");
  }

  private void deploy(String process, String bigTask) {
    String xml = Bpmn.convertToString(Bpmn.createExecutableProcess(process).startEvent("Start")
        .exclusiveGateway("Gateway_Amount")
        .sequenceFlowId("Flow_Big").conditionExpression("=amount > 100").userTask(bigTask).endEvent("End_Big")
        .moveToNode("Gateway_Amount")
        .sequenceFlowId("Flow_Small").conditionExpression("=amount <= 100").userTask("Task_Small").endEvent("End_Small")
        .done());
    String body = JsonNodeFactory.instance.objectNode().put("kind", "BPMN").put("name", process + ".bpmn").put("content", xml).toString();
    ResponseEntity<JsonNode> deployed = postJson("/api/deployments", body);
    assertThat(deployed.getStatusCode()).as(String.valueOf(deployed.getBody())).isEqualTo(HttpStatus.CREATED);
  }

  private JsonNode activeIncident(long key) {
    ResponseEntity<JsonNode> r = rest.getForEntity("/api/process-instances/" + key, JsonNode.class);
    return !r.getStatusCode().is2xxSuccessful() ? null
        : StreamSupport.stream(r.getBody().get("incidents").spliterator(), false).filter(i -> "ACTIVE".equals(i.get("state").asText())).findFirst().orElse(null);
  }

  private JsonNode activeElement(long key, String elementId) {
    JsonNode instance = rest.getForObject("/api/process-instances/" + key, JsonNode.class);
    return StreamSupport.stream(instance.get("elements").spliterator(), false)
        .filter(e -> elementId.equals(e.get("elementId").asText()) && "ACTIVE".equals(e.get("state").asText())).findFirst().orElse(null);
  }
}
