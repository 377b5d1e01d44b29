package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.testing.PulseStackTest;
import dev.pulse.testing.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Deploying BPMN and DRL through the API and the processes folder: validated, listed, compared, rolled back. */
class DeploymentsTest extends PulseStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aBpmnUploadIsANewVersionListedWithItsChecksumComparedAndRolledBack() throws Exception {
    String id = "deploy-demo-" + UUID.randomUUID().toString().substring(0, 8);
    ResponseEntity<JsonNode> first = upload("BPMN", id + ".bpmn", process(id, "Check the order", "deploy-demo"));
    assertThat(first.getStatusCode()).as(String.valueOf(first.getBody())).isEqualTo(HttpStatus.CREATED);
    assertThat(first.getBody().at("/deployed/0/version").asInt()).isEqualTo(1);
    assertThat(first.getBody().get("fileWritten").asBoolean()).isTrue();
    assertThat(Files.readString(processesDir().resolve(id + ".bpmn"))).contains("Check the order");

    ResponseEntity<JsonNode> second = upload("BPMN", id + ".bpmn", process(id, "Check the order twice", "deploy-demo"));
    assertThat(second.getBody().at("/deployed/0/version").asInt()).isEqualTo(2);

    JsonNode listed = rest.getForObject("/api/deployments?kind=BPMN", JsonNode.class);
    java.util.List<JsonNode> mine = StreamSupport.stream(listed.spliterator(), false).filter(i -> id.equals(i.path("processId").asText())).toList();
    assertThat(mine).extracting(i -> i.get("version").asInt()).contains(1, 2);
    assertThat(mine).allSatisfy(i -> {
      assertThat(i.get("checksum").asText()).hasSize(64);
      assertThat(i.get("trigger").asText()).isEqualTo("API");
      assertThat(i.get("at").asText()).isNotBlank();
    });

    JsonNode diff = rest.getForObject("/api/deployments/diff?kind=BPMN&processId=" + id + "&from=1&to=2", JsonNode.class);
    assertThat(diff.get("identical").asBoolean()).isFalse();
    assertThat(diff.get("diff").asText()).contains("-    <bpmn:serviceTask id=\"Task_Work\" name=\"Check the order\">")
        .contains("+    <bpmn:serviceTask id=\"Task_Work\" name=\"Check the order twice\">");

    ResponseEntity<JsonNode> rollback = postJson("/api/deployments/rollback", "{\"kind\":\"BPMN\",\"processId\":\"" + id + "\",\"version\":1}");
    assertThat(rollback.getStatusCode()).as(String.valueOf(rollback.getBody())).isEqualTo(HttpStatus.CREATED);
    assertThat(rollback.getBody().at("/deployed/0/version").asInt()).isEqualTo(3);
    assertThat(rest.getForObject("/api/deployments/diff?kind=BPMN&processId=" + id + "&from=1&to=3", JsonNode.class).get("identical").asBoolean()).isTrue();
    assertThat(Files.readString(processesDir().resolve(id + ".bpmn"))).doesNotContain("twice");
    // each deployment is in the audit log, with who and the outcome
    JsonNode audit = rest.getForObject("/api/audit?target=" + id + ".bpmn", JsonNode.class);
    assertThat(audit.findValuesAsText("action")).containsExactly("BPMN_ROLLBACK", "BPMN_DEPLOY", "BPMN_DEPLOY");
    assertThat(audit.get(0).get("actor").asText()).isEqualTo("key:bootstrap admin (configured)");
    assertThat(audit.get(1).at("/detail/versions/0").asText()).isEqualTo(id + " v2");
  }

  @Test
  void aBrokenBpmnIsRefusedNamingTheElementAndTheRunningVersionStays() throws Exception {
    String id = "deploy-broken-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(upload("BPMN", id + ".bpmn", process(id, "Fine", "deploy-demo")).getStatusCode()).isEqualTo(HttpStatus.CREATED);

    ResponseEntity<JsonNode> refused = upload("BPMN", id + ".bpmn", process(id, "No job type", null));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(refused.getBody().get("detail").asText()).contains("Task_Work").containsIgnoringCase("taskDefinition").contains("previous version keeps running");
    assertThat(refused.getBody().at("/errors/0/file").asText()).isEqualTo(id + ".bpmn");
    assertThat(Files.readString(processesDir().resolve(id + ".bpmn"))).as("the folder keeps the good file").contains("Fine");
    JsonNode catalogue = rest.getForObject("/api/processes", JsonNode.class);
    JsonNode mine = StreamSupport.stream(catalogue.get("processes").spliterator(), false).filter(p -> p.get("processId").asText().equals(id)).findFirst().orElseThrow();
    assertThat(mine.get("latestVersion").asInt()).isEqualTo(1);
    JsonNode rejected = StreamSupport.stream(rest.getForObject("/api/deployments?kind=BPMN", JsonNode.class).spliterator(), false)
        .filter(i -> i.get("name").asText().equals(id + ".bpmn") && i.get("status").asText().equals("REJECTED")).findFirst().orElseThrow();
    assertThat(rejected.get("error").asText()).contains("Task_Work");
    assertThat(rest.getForObject("/api/audit?action=BPMN_DEPLOY&target=" + id + ".bpmn", JsonNode.class).findValuesAsText("outcome")).contains("REFUSED", "DEPLOYED");

    ResponseEntity<JsonNode> badName = upload("BPMN", "../escape.bpmn", process(id, "x", "deploy-demo"));
    assertThat(badName.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badName.getBody().get("errors").findValuesAsText("field")).contains("name");
  }

  @Test
  void aDrlUploadIsCompiledFirst_aSyntaxErrorIsRefusedWithItsLine_andAVersionCanBeComparedAndRolledBack() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8).replace('-', '_');
    int live = rest.getForObject("/api/rules/scoring", JsonNode.class).get("version").asInt();

    ResponseEntity<JsonNode> broken = upload("DRL", "scoring/broken_" + tag + ".drl", """
        package dev.pulse.rules.scoring
        import dev.pulse.rules.facts.*;
        rule "Broken %s"
        when
            Response( score == )
        then
        end
        """.formatted(tag));
    assertThat(broken.getStatusCode()).as(String.valueOf(broken.getBody())).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(broken.getBody().at("/errors/0/file").asText()).isEqualTo("broken_" + tag + ".drl");
    assertThat(broken.getBody().at("/errors/0/line").asInt()).isEqualTo(5);
    assertThat(broken.getBody().get("detail").asText()).contains("version " + live + " keeps serving");
    assertThat(rest.getForObject("/api/rules/scoring", JsonNode.class).get("version").asInt()).isEqualTo(live);
    assertThat(Files.exists(TestStack.rulesDir().resolve("scoring/broken_" + tag + ".drl"))).isFalse();

    ResponseEntity<JsonNode> added = upload("DRL", "scoring/extra_" + tag + ".drl", """
        package dev.pulse.rules.scoring
        import dev.pulse.rules.facts.*;
        rule "Never: a score of minus one thousand %s"
        when
            Response( score == -1000 )
        then
        end
        """.formatted(tag));
    assertThat(added.getStatusCode()).as(String.valueOf(added.getBody())).isEqualTo(HttpStatus.CREATED);
    int version = added.getBody().get("version").asInt();
    assertThat(version).isGreaterThan(live);
    try {
      JsonNode diff = rest.getForObject("/api/deployments/diff?kind=DRL&domain=scoring&from=" + live + "&to=" + version, JsonNode.class);
      assertThat(diff.get("diff").asText()).contains("+rule \"Never: a score of minus one thousand " + tag + "\"");
      assertThat(rest.getForObject("/api/deployments?kind=DRL", JsonNode.class).toString()).contains("extra_" + tag + ".drl");
    } finally {
      ResponseEntity<JsonNode> rollback = postJson("/api/deployments/rollback", "{\"kind\":\"DRL\",\"domain\":\"scoring\",\"version\":" + live + "}");
      assertThat(rollback.getStatusCode()).as(String.valueOf(rollback.getBody())).isEqualTo(HttpStatus.CREATED);
    }
    assertThat(Files.exists(TestStack.rulesDir().resolve("scoring/extra_" + tag + ".drl"))).isFalse();
    assertThat(rest.getForObject("/api/audit?action=DRL_DEPLOY&target=scoring/broken_" + tag + ".drl", JsonNode.class).findValuesAsText("outcome"))
        .containsExactly("REFUSED");
    assertThat(rest.getForObject("/api/audit?action=DRL_DEPLOY&target=scoring/extra_" + tag + ".drl", JsonNode.class).findValuesAsText("outcome"))
        .containsExactly("DEPLOYED");
    assertThat(rest.getForObject("/api/audit?action=DRL_ROLLBACK&target=scoring", JsonNode.class).size()).isPositive();
    assertThat(rest.getForObject("/api/rules/scoring", JsonNode.class).toString()).doesNotContain("extra_" + tag);
  }

  @Test
  void aChangedFileInTheProcessesFolderIsDeployedAsANewVersion() throws Exception {
    String id = "deploy-watch-" + UUID.randomUUID().toString().substring(0, 8);
    Path file = processesDir().resolve(id + ".bpmn");
    Files.writeString(file, process(id, "First", "deploy-demo"));
    await().atMost(Duration.ofSeconds(20)).until(() -> latestVersion(id) == 1);
    Files.writeString(file, process(id, "Second", "deploy-demo"));
    await().atMost(Duration.ofSeconds(20)).until(() -> latestVersion(id) == 2);
    assertThat(rest.getForObject("/api/deployments?kind=BPMN", JsonNode.class).toString()).contains("FILE_WATCH");
  }

  /**
   * A change that takes another path than its process scenarios expect is refused, from the API,
   * a rollback and the folder alike, and the last good version keeps running; an audited override
   * lets it through; the scenarios also run on request, against what runs or a candidate.
   */
  @Test
  void aBpmnChangeThatFailsItsProcessScenariosIsRefusedUnlessOverridden() throws Exception {
    String id = "gated-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(upload("BPMN", id + ".bpmn", process(id, "Work", "gated-work")).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    Path scenarios = Files.createDirectories(processesDir().resolve("tests")).resolve(id + ".yaml");
    Files.writeString(scenarios, """
        process: %s
        cases:
          - name: the work is done, then it ends
            jobs:
              gated-work: { done: true }
            expect:
              path: [Task_Work, End]
              ended: true
        """.formatted(id));
    try {
      JsonNode listed = rest.getForObject("/api/processes/" + id + "/tests", JsonNode.class);
      assertThat(listed.at("/files/0/file").asText()).isEqualTo(id + ".yaml");
      assertThat(listed.at("/files/0/cases/0").asText()).isEqualTo("the work is done, then it ends");
      assertThat(listed.get("engineAvailable").asBoolean()).isTrue();

      ResponseEntity<JsonNode> live = postJson("/api/processes/" + id + "/test", "{}");
      assertThat(live.getStatusCode()).as(String.valueOf(live.getBody())).isEqualTo(HttpStatus.OK);
      assertThat(live.getBody().get("summary").asText()).isEqualTo("1 of 1 scenarios passed");
      assertThat(live.getBody().get("candidate").asBoolean()).isFalse();

      String renamedJob = process(id, "Work", "other-work");
      ResponseEntity<JsonNode> tried = postJson("/api/processes/" + id + "/test", JSON.createObjectNode().put("content", renamedJob).toString());
      assertThat(tried.getBody().get("failed").asInt()).isEqualTo(1);
      assertThat(tried.getBody().at("/results/0/waitingAt/0").asText()).isEqualTo("Task_Work");
      assertThat(tried.getBody().at("/results/0/failures").toString()).contains("jobs nobody answered: other-work at Task_Work");
      assertThat(latestVersion(id)).as("a test run deploys nothing").isEqualTo(1);

      ResponseEntity<JsonNode> refused = upload("BPMN", id + ".bpmn", renamedJob);
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
      assertThat(refused.getBody().get("detail").asText())
          .contains("it fails its process scenarios (0 of 1 scenarios passed): " + id + ".yaml, case \"the work is done, then it ends\": expected path Task_Work → End")
          .endsWith("the last good version (" + id + " v1) keeps running");
      assertThat(latestVersion(id)).isEqualTo(1);
      assertThat(Files.readString(processesDir().resolve(id + ".bpmn"))).contains("gated-work");

      // such a file saved into the folder is refused the same way
      Files.writeString(processesDir().resolve(id + ".bpmn"), process(id, "Work, edited in the Modeler", "other-work"));
      await().atMost(Duration.ofSeconds(30)).until(() -> StreamSupport.stream(rest.getForObject("/api/deployments?kind=BPMN", JsonNode.class).spliterator(), false)
          .anyMatch(i -> i.get("name").asText().equals(id + ".bpmn") && i.get("trigger").asText().equals("FILE_WATCH") && i.get("status").asText().equals("REJECTED")
              && i.get("error").asText().contains("0 of 1 scenarios passed")));
      assertThat(latestVersion(id)).isEqualTo(1);

      ResponseEntity<JsonNode> overridden = postJson("/api/deployments", JSON.createObjectNode().put("kind", "BPMN").put("name", id + ".bpmn").put("content", renamedJob)
          .put("override", true).put("reason", "the CRM renamed its worker tonight").toString());
      assertThat(overridden.getStatusCode()).as(String.valueOf(overridden.getBody())).isEqualTo(HttpStatus.CREATED);
      assertThat(overridden.getBody().get("scenarios").asText()).isEqualTo("0 of 1 scenarios passed, overridden: the CRM renamed its worker tonight");
      assertThat(latestVersion(id)).isEqualTo(2);
      JsonNode audit = rest.getForObject("/api/audit?action=BPMN_DEPLOY&target=" + id + ".bpmn", JsonNode.class);
      assertThat(audit.get(0).at("/detail/scenarioGateOverridden").asText()).isEqualTo("the CRM renamed its worker tonight");

      ResponseEntity<JsonNode> back = postJson("/api/deployments/rollback", "{\"kind\":\"BPMN\",\"processId\":\"" + id + "\",\"version\":1}");
      assertThat(back.getStatusCode()).as(String.valueOf(back.getBody())).isEqualTo(HttpStatus.CREATED);
      assertThat(back.getBody().get("scenarios").asText()).isEqualTo("1 of 1 scenarios passed");
      ResponseEntity<JsonNode> forward = postJson("/api/deployments/rollback", "{\"kind\":\"BPMN\",\"processId\":\"" + id + "\",\"version\":2}");
      assertThat(forward.getStatusCode()).as("a rollback to a failing version is gated too").isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
      assertThat(latestVersion(id)).isEqualTo(3);

      ResponseEntity<JsonNode> none = postJson("/api/processes/no-such-process/test", "{}");
      assertThat(none.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(none.getBody().get("detail").asText()).contains("No scenario file in processes/tests/ names process no-such-process");
      ResponseEntity<JsonNode> other = postJson("/api/processes/" + id + "/test", JSON.createObjectNode().put("content", process("another", "x", "y")).toString());
      assertThat(other.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(other.getBody().toString()).contains("defines [another], not " + id);
    } finally {
      Files.delete(scenarios);
    }
  }

  private int latestVersion(String processId) {
    JsonNode catalogue = rest.getForObject("/api/processes", JsonNode.class);
    return StreamSupport.stream(catalogue.get("processes").spliterator(), false)
        .filter(p -> p.get("processId").asText().equals(processId)).mapToInt(p -> p.get("latestVersion").asInt()).findFirst().orElse(0);
  }

  private Path processesDir() {
    return Path.of(env.getProperty("pulse.processes.dir"));
  }

  private ResponseEntity<JsonNode> upload(String kind, String name, String content) {
    ObjectNode body = JSON.createObjectNode().put("kind", kind).put("name", name).put("content", content);
    return postJson("/api/deployments", body.toString());
  }

  private static String process(String id, String taskName, String jobType) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="Definitions_%1$s" targetNamespace="http://pulse.dev/test">
          <bpmn:process id="%1$s" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:serviceTask id="Task_Work" name="%2$s">
              %3$s
              <bpmn:incoming>Flow_1</bpmn:incoming>
              <bpmn:outgoing>Flow_2</bpmn:outgoing>
            </bpmn:serviceTask>
            <bpmn:endEvent id="End"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_Work" />
            <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Work" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """.formatted(id, taskName, jobType == null ? "" : "<bpmn:extensionElements><zeebe:taskDefinition type=\"" + jobType + "\" /></bpmn:extensionElements>");
  }
}
