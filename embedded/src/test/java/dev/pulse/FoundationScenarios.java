package dev.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.platform.events.Topics;
import dev.pulse.testing.FoundationWorkers;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What the foundation promises, run against whichever stack a subclass configures: deploy, start,
 * work, correlate, complete; a Kafka record produced and read back; rows in PostgreSQL; and clear
 * errors for bad input.
 */
abstract class FoundationScenarios extends PulseStackTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aProcessRunsEndToEndThroughRestWorkerAndMessage() throws Exception {
    String orderId = "order-" + UUID.randomUUID();

    ResponseEntity<JsonNode> started =
        postJson("/api/processes/foundation-smoke/instances", "{\"orderId\":\"" + orderId + "\"}");
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long instanceKey = started.getBody().get("processInstanceKey").asLong();
    assertThat(instanceKey).isPositive();
    assertThat(started.getHeaders().getLocation()).hasPath("/api/process-instances/" + instanceKey);

    await().atMost(Duration.ofSeconds(20)).until(() -> FoundationWorkers.HANDLED.contains(orderId));
    assertThat(processCompleted(instanceKey)).as("waits for the message").isFalse();

    ResponseEntity<JsonNode> published =
        postJson(
            "/api/messages",
            "{\"name\":\"foundation-confirmed\",\"correlationKey\":\"" + orderId + "\",\"timeToLive\":\"PT1M\",\"variables\":{\"confirmation\":\"C-42\"}}");
    assertThat(published.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(published.getBody().get("messageKey").asLong()).isPositive();

    awaitProcessCompleted(instanceKey);
    assertThat(variableOf(instanceKey, "confirmation")).as("the message's variables reached the instance").hasValue("\"C-42\"");

    // the start was announced on Kafka through the outbox, and the outbox row marked sent
    ConsumerRecord<String, String> record =
        consumeUntil(Topics.EVENTS, r -> String.valueOf(instanceKey).equals(r.key()));
    JsonNode event = json.readTree(record.value());
    assertThat(event.get("type").asText()).isEqualTo("process-instance.started");
    assertThat(event.at("/data/processId").asText()).isEqualTo("foundation-smoke");
    assertThat(new String(record.headers().lastHeader("pulse-event-id").value())).isEqualTo(event.get("id").asText());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jdbc.queryForObject(
                    "SELECT count(*) FROM outbox WHERE id = ?::uuid AND sent_at IS NOT NULL",
                    Integer.class,
                    event.get("id").asText()) == 1);
  }

  @Test
  void validFilesDeployAndBrokenOnesAreReportedByNameWithTheParsersMessage() {
    ResponseEntity<JsonNode> response = rest.getForEntity("/api/processes", JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode body = response.getBody();

    List<String> processIds = body.get("processes").findValuesAsText("processId");
    assertThat(processIds).contains("foundation-smoke").doesNotContain("broken-no-job-type", "truncated");
    JsonNode smoke = findBy(body.get("processes"), "processId", "foundation-smoke");
    assertThat(smoke.get("latestVersion").asInt()).isPositive();
    assertThat(smoke.at("/versions/0/resourceName").asText()).isEqualTo("foundation-smoke.bpmn");
    assertThat(smoke.at("/versions/0/checksum").asText()).hasSize(64);

    JsonNode noJobType = findBy(body.get("problems"), "resourceName", "broken-no-job-type.bpmn");
    assertThat(noJobType.get("error").asText()).contains("Task_NoType").containsIgnoringCase("taskDefinition");
    JsonNode notXml = findBy(body.get("problems"), "resourceName", "not-xml.bpmn");
    assertThat(notXml.get("error").asText()).contains("not-xml.bpmn").contains("Line=2");

    Integer deployedRows =
        jdbc.queryForObject(
            "SELECT count(*) FROM deployments WHERE resource_name = 'foundation-smoke.bpmn' AND status = 'DEPLOYED' AND active",
            Integer.class);
    assertThat(deployedRows).isPositive();
  }

  @Test
  void malformedJsonIsRefusedSayingWhere() {
    ResponseEntity<JsonNode> response = postJson("/api/processes/foundation-smoke/instances", "{\n  \"orderId\": \"x\",\n  oops\n}");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(response.getBody().get("line").asInt()).isEqualTo(3);
    assertThat(response.getBody().get("detail").asText()).contains("line 3, column");
  }

  @Test
  void variablesMustBeAJsonObject() {
    ResponseEntity<JsonNode> response = postJson("/api/processes/foundation-smoke/instances", "[1, 2]");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody().get("detail").asText()).contains("line 1, column 1");
  }

  @Test
  void anUnknownProcessIs404NamingIt() {
    ResponseEntity<JsonNode> response = postJson("/api/processes/no-such-process/instances", "{}");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(response.getBody().get("detail").asText()).contains("'no-such-process'");
    assertThat(response.getBody().get("processId").asText()).isEqualTo("no-such-process");
  }

  @Test
  void missingFieldsAreNamed() {
    ResponseEntity<JsonNode> response = postJson("/api/messages", "{\"variables\": {}}");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody().get("detail").asText()).contains("name").contains("correlationKey");
    assertThat(response.getBody().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("name", "correlationKey");
  }

  @Test
  void healthHasEngineDatabaseAndKafkaComponents() {
    ResponseEntity<JsonNode> response = rest.getForEntity("/actuator/health", JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode health = response.getBody();
    assertThat(health.get("status").asText()).isEqualTo("UP");
    for (String component : List.of("engine", "db", "kafka")) {
      assertThat(health.at("/components/" + component + "/status").asText()).as(component).isEqualTo("UP");
    }
    assertThat(health.at("/components/engine/details/brokers").asInt()).isEqualTo(1);
  }

  @Test
  void prometheusMetricsAreServed() {
    ResponseEntity<String> response = rest.getForEntity("/actuator/prometheus", String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).contains("jvm_memory_used_bytes").contains("http_server_requests");
  }

  @Test
  void theTopicsAndTheirDeadLetterTopicsExist() throws Exception {
    try (AdminClient admin =
        AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.getRequiredProperty("spring.kafka.bootstrap-servers")))) {
      Set<String> topics = admin.listTopics().names().get();
      for (String topic : Topics.ALL) {
        assertThat(topics).contains(topic, topic + ".DLT");
      }
    }
  }

  @Test
  void theSchemaIsMigratedByFlyway() {
    List<String> versions =
        jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank", String.class);
    assertThat(versions).startsWith("1");
  }

  private static JsonNode findBy(JsonNode array, String field, String value) {
    for (JsonNode node : array) {
      if (value.equals(node.path(field).asText())) {
        return node;
      }
    }
    throw new AssertionError("no element with " + field + "=" + value + " in " + array);
  }
}
