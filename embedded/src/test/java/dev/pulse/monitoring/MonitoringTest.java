package dev.pulse.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.FoundationWorkers;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Process-instance monitoring on the embedded engine: the projection of its records answers the
 * searches, and the operations report what the engine did afterwards.
 */
class MonitoringTest extends PulseStackTest {

  @Test
  void instancesAreFoundByFilterAndOpenedWithElementsVariablesIncidentsAndTimeline() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    long waiting = start("foundation-smoke", "order-" + tag, "{\"surveyId\":\"survey-" + tag + "\"}");
    long done = start("foundation-smoke", "done-" + tag, "{\"surveyId\":\"survey-" + tag + "\"}");
    postJson("/api/messages", "{\"name\":\"foundation-confirmed\",\"correlationKey\":\"done-" + tag + "\"}");

    await().atMost(Duration.ofSeconds(20)).until(() -> state(done).equals("COMPLETED") && state(waiting).equals("ACTIVE"));
    JsonNode bySurvey = rest.getForObject("/api/process-instances?surveyId=survey-" + tag + "&sort=key,asc", JsonNode.class);
    assertThat(bySurvey.get("total").asInt()).isEqualTo(2);
    assertThat(bySurvey.get("items").findValuesAsText("key")).containsExactly(String.valueOf(waiting), String.valueOf(done));
    JsonNode active = rest.getForObject("/api/process-instances?surveyId=survey-" + tag + "&state=ACTIVE&processId=foundation-smoke&version=1", JsonNode.class);
    assertThat(active.get("items").findValuesAsText("key")).containsExactly(String.valueOf(waiting));
    JsonNode paged = rest.getForObject("/api/process-instances?surveyId=survey-" + tag + "&size=1&page=1&sort=key,asc", JsonNode.class);
    assertThat(paged.get("items").findValuesAsText("key")).containsExactly(String.valueOf(done));
    JsonNode later = rest.getForObject("/api/process-instances?surveyId=survey-" + tag + "&startedAfter=2999-01-01T00:00:00Z", JsonNode.class);
    assertThat(later.get("total").asInt()).isZero();

    JsonNode detail = rest.getForObject("/api/process-instances/" + waiting, JsonNode.class);
    assertThat(detail.at("/instance/surveyId").asText()).isEqualTo("survey-" + tag);
    assertThat(element(detail, "Task_Handle").get("state").asText()).isEqualTo("COMPLETED");
    assertThat(element(detail, "Catch_Confirmed").get("state").asText()).isEqualTo("ACTIVE");
    assertThat(detail.get("variables").toString()).contains("\"orderId\"").contains("\\\"order-" + tag + "\\\"");
    assertThat(detail.get("timeline").get(0).get("event").asText()).isEqualTo("STARTED");
    assertThat(detail.get("timeline").findValuesAsText("element")).contains("Task_Handle", "Catch_Confirmed");

    JsonNode stats = rest.getForObject("/api/processes/foundation-smoke/statistics", JsonNode.class);
    JsonNode waitingHere = stream(stats.get("elements")).filter(e -> e.get("elementId").asText().equals("Catch_Confirmed")).findFirst().orElseThrow();
    assertThat(waitingHere.get("active").asLong()).isPositive();
    assertThat(waitingHere.get("completed").asLong()).isPositive();
  }

  @Test
  void cancelEndsAnActiveInstanceAndRefusesUnknownOrFinishedOnes() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    long key = start("foundation-smoke", "cancel-" + tag, "{}");
    await().atMost(Duration.ofSeconds(20)).until(() -> state(key).equals("ACTIVE"));

    ResponseEntity<JsonNode> canceled = postJson("/api/process-instances/" + key + "/cancel", "");
    assertThat(canceled.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(canceled.getBody().get("state").asText()).isEqualTo("CANCELED");

    ResponseEntity<JsonNode> again = postJson("/api/process-instances/" + key + "/cancel", "");
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(again.getBody().get("detail").asText()).contains("already CANCELED");
    assertThat(postJson("/api/process-instances/999999999999/cancel", "").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    ResponseEntity<JsonNode> malformed = postJson("/api/process-instances/abc/cancel", "");
    assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(malformed.getBody().get("errors").findValuesAsText("field")).contains("key");
  }

  @Test
  void resolvingAnIncidentReportsWhatHappenedAfterwards() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String order = "flaky-" + tag;
    FoundationWorkers.FAILING.add(order);
    long key = start("monitoring-flaky", order, "{}");
    JsonNode first = awaitIncident(key);
    // one readable line: what failed and where, no stack trace
    assertThat(first.get("errorMessage").asText())
        .isEqualTo("IllegalStateException: the flaky service is down for " + order + " (at FoundationWorkers.flaky:47)");
    assertThat(first.get("elementId").asText()).isEqualTo("Task_CallService");
    JsonNode withIncident = rest.getForObject("/api/process-instances?processId=monitoring-flaky&incident=true&size=500", JsonNode.class);
    assertThat(withIncident.get("items").findValuesAsText("key")).contains(String.valueOf(key));
    assertThat(rest.getForObject("/api/process-instances?processId=monitoring-flaky&incident=false&size=500", JsonNode.class)
        .get("items").findValuesAsText("key")).doesNotContain(String.valueOf(key));

    // still failing: the retry is re-checked, not assumed to work
    ResponseEntity<JsonNode> failed = postJson("/api/incidents/" + first.get("key").asText() + "/resolve", "{\"retries\":1}");
    assertThat(failed.getStatusCode()).as(String.valueOf(failed.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(failed.getBody().get("outcome").asText()).isEqualTo("FAILED_AGAIN");
    assertThat(failed.getBody().get("detail").asText()).contains("the flaky service is down");
    String second = failed.getBody().at("/newIncident/key").asText();

    ResponseEntity<JsonNode> resolvedOld = postJson("/api/incidents/" + first.get("key").asText() + "/resolve", "{}");
    assertThat(resolvedOld.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(postJson("/api/incidents/999999999999/resolve", "{}").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    FoundationWorkers.FAILING.remove(order);
    ResponseEntity<JsonNode> resolved = postJson("/api/incidents/" + second + "/resolve", "{}");
    assertThat(resolved.getBody().get("outcome").asText()).as(String.valueOf(resolved.getBody())).isEqualTo("RESOLVED");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(key).equals("COMPLETED"));
    JsonNode detail = rest.getForObject("/api/process-instances/" + key, JsonNode.class);
    assertThat(detail.get("incidents").findValuesAsText("state")).containsOnly("RESOLVED");
    assertThat(detail.get("timeline").findValuesAsText("event")).contains("INCIDENT_CREATED", "INCIDENT_RESOLVED", "COMPLETED");
  }

  /**
   * The state a killed replica leaves: a cancel recorded with its instances, one done, its holder
   * silent for ten minutes. The operation is taken over and the other two are canceled, each
   * counted once.
   */
  @Test
  void aBulkCancelWhoseHolderDiedIsTakenOverAndDoesEachInstanceOnce() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<Long> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(start("foundation-smoke", "takeover-" + i + "-" + tag, "{\"contactId\":\"takeover-" + tag + "\"}"));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> waiting.stream().allMatch(k -> state(k).equals("ACTIVE")));
    assertThat(postJson("/api/process-instances/" + waiting.get(0) + "/cancel", "{}").getStatusCode().is2xxSuccessful()).isTrue();
    String op = "takeover-" + tag;
    jdbc.update("INSERT INTO bulk_operations (id, kind, filter, status, total, done, owner, heartbeat_at)"
        + " VALUES (?, 'CANCEL', '{}', 'RUNNING', 3, 1, 'a-killed-replica', now() - interval '10 minutes')", op);
    for (int i = 0; i < 3; i++) {
      jdbc.update("INSERT INTO bulk_operation_items (operation_id, instance_key, state) VALUES (?, ?, ?)", op, waiting.get(i), i == 0 ? "DONE" : "PENDING");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> rest.getForObject("/api/bulk-operations/" + op, JsonNode.class).get("status").asText().equals("DONE"));
    JsonNode done = rest.getForObject("/api/bulk-operations/" + op, JsonNode.class);
    assertThat(done.get("done").asInt()).as(done.toString()).isEqualTo(3);
    assertThat(done.get("failed").asInt()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> waiting.stream().allMatch(k -> state(k).equals("CANCELED")));
    assertThat(jdbc.queryForList("SELECT DISTINCT state FROM bulk_operation_items WHERE operation_id = ?", String.class, op)).containsExactly("DONE");
  }

  @Test
  void bulkCancelAndRetryRunInTheBackgroundWithProgress() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<Long> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(start("foundation-smoke", "bulk-" + i + "-" + tag, "{\"contactId\":\"bulk-" + tag + "\"}"));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> waiting.stream().allMatch(k -> state(k).equals("ACTIVE")));
    ResponseEntity<JsonNode> cancel = postJson("/api/process-instances/bulk/cancel", "{\"contactId\":\"bulk-" + tag + "\"}");
    assertThat(cancel.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(cancel.getBody().get("total").asInt()).isEqualTo(3);
    String op = cancel.getHeaders().getLocation().toString();
    await().atMost(Duration.ofSeconds(20)).until(() -> rest.getForObject(op, JsonNode.class).get("status").asText().equals("DONE"));
    assertThat(rest.getForObject(op, JsonNode.class).get("done").asInt()).isEqualTo(3);
    await().atMost(Duration.ofSeconds(10)).until(() -> waiting.stream().allMatch(k -> state(k).equals("CANCELED")));

    List<Long> broken = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      FoundationWorkers.FAILING.add("retry-" + i + "-" + tag);
      broken.add(start("monitoring-flaky", "retry-" + i + "-" + tag, "{\"conversationId\":\"retry-" + tag + "\"}"));
    }
    broken.forEach(this::awaitIncident);
    // two services are back; the third is still down, so its retry raises a new incident: not "done"
    FoundationWorkers.FAILING.removeIf(o -> o.endsWith(tag) && !o.startsWith("retry-2-"));
    ResponseEntity<JsonNode> retry = postJson("/api/process-instances/bulk/retry", "{\"conversationId\":\"retry-" + tag + "\",\"retries\":1}");
    assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String retryOp = retry.getHeaders().getLocation().toString();
    await().atMost(Duration.ofSeconds(30)).until(() -> rest.getForObject(retryOp, JsonNode.class).get("status").asText().equals("DONE"));
    JsonNode progress = rest.getForObject(retryOp, JsonNode.class);
    assertThat(progress.get("total").asInt()).isEqualTo(3);
    assertThat(progress.get("done").asInt()).as(progress.toString()).isEqualTo(2);
    assertThat(progress.get("failed").asInt()).isEqualTo(1);
    assertThat(progress.get("failedAgain").asInt()).isEqualTo(1);
    JsonNode again = progress.get("errors").get(0);
    assertThat(again.get("instanceKey").asLong()).isEqualTo(broken.get(2));
    assertThat(again.get("outcome").asText()).isEqualTo("FAILED_AGAIN");
    assertThat(again.get("error").asText()).contains("the flaky service is down");
    await().atMost(Duration.ofSeconds(10)).until(() -> broken.subList(0, 2).stream().allMatch(k -> state(k).equals("COMPLETED")));
    FoundationWorkers.FAILING.removeIf(o -> o.endsWith(tag));
  }

  @Test
  void badFiltersAreRefusedNamingTheParameter() {
    assertField(rest.getForEntity("/api/process-instances?state=SLEEPING", JsonNode.class), "state");
    assertField(rest.getForEntity("/api/process-instances?incident=maybe", JsonNode.class), "incident");
    assertField(rest.getForEntity("/api/process-instances?startedAfter=yesterday", JsonNode.class), "startedAfter");
    assertField(rest.getForEntity("/api/process-instances?size=0", JsonNode.class), "size");
    assertField(rest.getForEntity("/api/process-instances?sort=colour", JsonNode.class), "sort");
    assertField(postJson("/api/process-instances/bulk/cancel", "{}"), "processId");
    assertField(postJson("/api/process-instances/bulk/cancel", "{\"processId\":\"x\",\"everything\":true}"), "everything");
    assertThat(rest.getForEntity("/api/process-instances/12345678901", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  private void assertField(ResponseEntity<JsonNode> response, String field) {
    assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody().get("errors").findValuesAsText("field")).contains(field);
  }

  private long start(String processId, String orderId, String extra) {
    String body = extra.equals("{}") ? "{\"orderId\":\"" + orderId + "\"}" : "{\"orderId\":\"" + orderId + "\"," + extra.substring(1);
    ResponseEntity<JsonNode> started = postJson("/api/processes/" + processId + "/instances", body);
    assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.CREATED);
    return started.getBody().get("processInstanceKey").asLong();
  }

  private String state(long key) {
    ResponseEntity<JsonNode> r = rest.getForEntity("/api/process-instances/" + key, JsonNode.class);
    return r.getStatusCode().is2xxSuccessful() ? r.getBody().at("/instance/state").asText() : "UNKNOWN";
  }

  private JsonNode awaitIncident(long key) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> {
      ResponseEntity<JsonNode> r = rest.getForEntity("/api/process-instances/" + key, JsonNode.class);
      if (!r.getStatusCode().is2xxSuccessful()) {
        return null;
      }
      return stream(r.getBody().get("incidents")).filter(i -> i.get("state").asText().equals("ACTIVE")).findFirst().orElse(null);
    }, java.util.Objects::nonNull);
  }

  private static JsonNode element(JsonNode detail, String elementId) {
    return stream(detail.get("elements")).filter(e -> e.get("elementId").asText().equals(elementId)).findFirst().orElseThrow();
  }

  private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false);
  }
}
