package dev.pulse.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import dev.pulse.testing.TestStack;
import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The monitoring contract on external mode's source, {@link CamundaSearchSource}: the real Camunda
 * Java client asks a Camunda 8 search API over HTTP. Here that API is Pulse's own over the embedded
 * engine ({@link CamundaSearchApi}), so the client's requests and its parsing of the answers run
 * for real on a machine without a cluster; {@link ExternalClusterMonitoringTest} runs the same
 * contract against a Camunda container where Docker exists.
 */
class CamundaSearchSourceContractTest extends PulseStackTest implements MonitoringSourceContract {

  @Autowired private CamundaClient client;
  @LocalServerPort private int port;
  private CamundaClient searchClient;

  @Override
  public CamundaClient engine() {
    return client;
  }

  @Override
  public MonitoringSource source() {
    if (searchClient == null) {
      searchClient = CamundaClient.newClientBuilder()
          .restAddress(URI.create("http://127.0.0.1:" + port))
          .grpcAddress(URI.create(env.getProperty("camunda.client.grpc-address")))
          .preferRestOverGrpc(true)
          .credentialsProvider(new AdminKey())
          .build();
    }
    return new CamundaSearchSource(searchClient, Duration.ofMillis(100));
  }

  @AfterEach
  void close() {
    if (searchClient != null) {
      searchClient.close();
    }
  }

  @Autowired private dev.pulse.platform.audit.AuditLog audit;

  /** Cancel and incident resolution re-check through the search API (polling it) as they do through the projection. */
  @Test
  void operationsReportWhatTheEngineDidAfterwardsThroughTheSearchApi() {
    MonitoringSource search = source();
    InstanceOperations operations = new InstanceOperations(client, search, Duration.ofSeconds(15), audit);
    String order = "flaky-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    dev.pulse.testing.FoundationWorkers.FAILING.add(order);
    long key = client.newCreateInstanceCommand().bpmnProcessId("monitoring-flaky").latestVersion().variables(java.util.Map.of("orderId", order))
        .send().join().getProcessInstanceKey();
    MonitoringSource.Incident first = org.awaitility.Awaitility.await().atMost(WAIT).until(() -> search.incidents(key), l -> !l.isEmpty()).get(0);

    InstanceOperations.Resolution failed = operations.resolve(first.key(), 1);
    assertThat(failed.outcome()).as(failed.detail()).isEqualTo(InstanceOperations.Outcome.FAILED_AGAIN);
    assertThat(failed.newIncident().errorMessage()).contains("the flaky service is down for " + order);

    dev.pulse.testing.FoundationWorkers.FAILING.remove(order);
    InstanceOperations.Resolution resolved = operations.resolve(failed.newIncident().key(), 1);
    assertThat(resolved.outcome()).as(resolved.detail()).isEqualTo(InstanceOperations.Outcome.RESOLVED);

    long other = client.newCreateInstanceCommand().bpmnProcessId("foundation-smoke").latestVersion().variables(java.util.Map.of("orderId", order + "-x"))
        .send().join().getProcessInstanceKey();
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> search.instance(other).isPresent());
    assertThat(operations.cancel(other).state()).isEqualTo(MonitoringSource.State.CANCELED);
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(org.springframework.web.ErrorResponseException.class, () -> operations.cancel(other))
        .getStatusCode().value()).isEqualTo(409);
  }

  @Autowired private dev.pulse.platform.Json json;
  @Autowired private org.springframework.transaction.PlatformTransactionManager transactions;

  @Test
  void aBulkCancelFindsItsInstancesThroughTheSearchApi() {
    String survey = "bulk-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    MonitoringSource search = source();
    java.util.List<Long> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.add(client.newCreateInstanceCommand().bpmnProcessId("foundation-smoke").latestVersion()
          .variables(java.util.Map.of("orderId", survey + "-" + i, "surveyId", survey)).send().join().getProcessInstanceKey());
    }
    MonitoringSource.Filter bySurvey = new MonitoringSource.Filter(null, null, null, null, survey, null, null, null, null, null);
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> search.count(bySurvey) == 3);
    BulkOperations bulk = new BulkOperations(search, new InstanceOperations(client, search, Duration.ofSeconds(15), audit), jdbc, json, audit,
        new org.springframework.transaction.support.TransactionTemplate(transactions), Duration.ofSeconds(30));
    BulkOperations.Operation started = bulk.start(BulkOperations.Kind.CANCEL, bySurvey, 1);
    assertThat(started.total()).isEqualTo(3);
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> "DONE".equals(bulk.find(started.id()).orElseThrow().status()));
    assertThat(bulk.find(started.id()).orElseThrow().done()).isEqualTo(3);
    MonitoringSource.Filter canceled = new MonitoringSource.Filter(null, null, MonitoringSource.State.CANCELED, null, survey, null, null, null, null, null);
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> search.keys(canceled, 10), k -> k.equals(keys));
  }

  @Test
  void perProcessGaugesReadTheSearchApi() {
    String order = "gauge-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    long key = client.newCreateInstanceCommand().bpmnProcessId("foundation-smoke").latestVersion().variables(java.util.Map.of("orderId", order))
        .send().join().getProcessInstanceKey();
    MonitoringSource search = source();
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> search.instance(key).isPresent());
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    new ProcessGauges(registry, search).refresh();
    double active = registry.get("pulse.process.instances").tag("process", "foundation-smoke").tag("state", "ACTIVE").gauge().value();
    assertThat(active).isGreaterThanOrEqualTo(1);
    assertThat(registry.get("pulse.process.incidents.open").tag("process", "foundation-smoke").gauge().value()).isZero();
    assertThat(registry.find("pulse.process.instances").tag("process", "monitoring-flaky").gauges()).hasSize(3);
    client.newCancelInstanceCommand(key).send().join();
  }

  @Test
  void theSearchApiRefusesWhatItDoesNotServeNamingIt() {
    assertProblem(postJson("/v2/process-instances/search", "{\"filter\": {\"batchOperationId\": \"x\"}}"), HttpStatus.BAD_REQUEST, "filter.batchOperationId");
    assertProblem(postJson("/v2/process-instances/search", "{\"filter\": {\"processDefinitionId\": {\"$like\": \"x*\"}}}"), HttpStatus.BAD_REQUEST,
        "filter.processDefinitionId.$like");
    assertProblem(postJson("/v2/incidents/search", "{\"page\": {\"after\": \"cursor\"}}"), HttpStatus.BAD_REQUEST, "page.after");
    assertProblem(postJson("/v2/variables/search", "{\"page\": {\"limit\": 100000}}"), HttpStatus.BAD_REQUEST, "page.limit");
    assertProblem(postJson("/v2/element-instances/search", "{\"sort\": [{\"field\": \"nope\"}]}"), HttpStatus.BAD_REQUEST, "sort.field");
    assertProblem(postJson("/v2/process-instances/search", "{\"filter\": {\"startDate\": {\"$gte\": \"yesterday\"}}}"), HttpStatus.BAD_REQUEST,
        "filter.startDate.$gte");
    assertProblem(postJson("/v2/process-instances/search", "{\"query\": {}}"), HttpStatus.BAD_REQUEST, "query");
    assertProblem(postJson("/v2/process-instances/search", "{\"filter\": {\"variables\": [{\"name\": \"surveyId\", \"value\": \"not json\"}]}}"),
        HttpStatus.BAD_REQUEST, "filter.variables[surveyId].value");
    assertProblem(postJson("/v2/process-instances/search", "{\"filter\": {\"processDefinitionVersion\": 4294967297}}"), HttpStatus.BAD_REQUEST,
        "filter.processDefinitionVersion");
    assertProblem(rest.getForEntity("/v2/process-instances/1", JsonNode.class), HttpStatus.NOT_FOUND, "1");
    assertProblem(rest.getForEntity("/v2/incidents/abc", JsonNode.class), HttpStatus.BAD_REQUEST, "key");

    ResponseEntity<JsonNode> operators = postJson("/v2/process-instances/search",
        "{\"filter\": {\"processDefinitionId\": {\"$in\": [\"no-such-process\"]}, \"state\": {\"$neq\": \"ACTIVE\"}, \"parentProcessInstanceKey\": {\"$exists\": false}},"
            + " \"sort\": [{\"field\": \"startDate\", \"order\": \"DESC\"}], \"page\": {\"from\": 0, \"limit\": 5}}");
    assertThat(operators.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(operators.getBody().at("/page/totalItems").asLong()).isZero();

    // a root instance has no parent, so it is "not in" any list of parents; sorting by a constant field is no sort at all
    long root = client.newCreateInstanceCommand().bpmnProcessId("foundation-smoke").latestVersion()
        .variables(java.util.Map.of("orderId", "root-" + port)).send().join().getProcessInstanceKey();
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> rest.getForEntity("/v2/process-instances/" + root, JsonNode.class).getStatusCode().is2xxSuccessful());
    ResponseEntity<JsonNode> roots = postJson("/v2/process-instances/search",
        "{\"filter\": {\"processInstanceKey\": \"" + root + "\", \"parentProcessInstanceKey\": {\"$notIn\": [\"1\"]}},"
            + " \"sort\": [{\"field\": \"tenantId\"}, {\"field\": \"startDate\", \"order\": \"DESC\"}]}");
    assertThat(roots.getStatusCode()).as(String.valueOf(roots.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(roots.getBody().at("/items/0/processInstanceKey").asText()).isEqualTo(String.valueOf(root));
    client.newCancelInstanceCommand(root).send().join();

    // deeper than a cluster's result window: refused up front, naming the parameter, not a 502 from the cluster
    org.springframework.web.ErrorResponseException deep = org.assertj.core.api.Assertions.catchThrowableOfType(
        org.springframework.web.ErrorResponseException.class,
        () -> source().search(new MonitoringSource.Filter(null, null, null, null, null, null, null, null, null, null), 20, 500, "key", false));
    assertThat(deep.getStatusCode().value()).isEqualTo(400);
  }

  private static void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status, String names) {
    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getBody().get("detail").asText()).contains(names);
  }

  /** The test's admin key, as an API key bearer token on every request the client sends. */
  private static final class AdminKey implements CredentialsProvider {
    @Override
    public void applyCredentials(CredentialsApplier applier) {
      applier.put("Authorization", "Bearer " + TestStack.ADMIN_KEY);
    }

    @Override
    public boolean shouldRetryRequest(StatusCode status) {
      return false;
    }
  }
}
