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
    assertProblem(rest.getForEntity("/v2/process-instances/1", JsonNode.class), HttpStatus.NOT_FOUND, "1");
    assertProblem(rest.getForEntity("/v2/incidents/abc", JsonNode.class), HttpStatus.BAD_REQUEST, "key");

    ResponseEntity<JsonNode> operators = postJson("/v2/process-instances/search",
        "{\"filter\": {\"processDefinitionId\": {\"$in\": [\"no-such-process\"]}, \"state\": {\"$neq\": \"ACTIVE\"}, \"parentProcessInstanceKey\": {\"$exists\": false}},"
            + " \"sort\": [{\"field\": \"startDate\", \"order\": \"DESC\"}], \"page\": {\"from\": 0, \"limit\": 5}}");
    assertThat(operators.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(operators.getBody().at("/page/totalItems").asLong()).isZero();
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
