package dev.pulse.monitoring;

import io.camunda.client.CamundaClient;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The monitoring contract against a real Camunda 8.8 cluster in a container (its broker, gateway
 * and search API over an in-memory H2 secondary storage), as external mode runs: the engine driven
 * over gRPC, the source reading the cluster's own {@code /v2} search API. Skipped where no Docker
 * engine is available; {@link CamundaSearchSourceContractTest} runs the same contract there.
 */
@Testcontainers(disabledWithoutDocker = true)
class ExternalClusterMonitoringTest implements MonitoringSourceContract {

  private static final int GRPC = 26500;
  private static final int REST = 8080;
  private static final int MANAGEMENT = 9600;

  @Container
  @SuppressWarnings("resource")
  static final GenericContainer<?> CAMUNDA = new GenericContainer<>("camunda/camunda:8.8.14")
      .withEnv("SPRING_PROFILES_ACTIVE", "broker,consolidated-auth")
      .withEnv("CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI", "true")
      .withEnv("CAMUNDA_SECURITY_AUTHORIZATIONS_ENABLED", "false")
      .withEnv("CAMUNDA_DATA_SECONDARYSTORAGE_TYPE", "rdbms")
      .withEnv("CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_URL", "jdbc:h2:mem:pulse;DB_CLOSE_DELAY=-1;MODE=PostgreSQL")
      .withEnv("CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_USERNAME", "sa")
      .withEnv("CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_PASSWORD", "")
      .withEnv("CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL", "PT0S")
      .withExposedPorts(GRPC, REST, MANAGEMENT)
      .waitingFor(Wait.forHttp("/actuator/health/status").forPort(MANAGEMENT).forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));

  private static CamundaClient client;

  @BeforeAll
  static void connect() {
    client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://" + CAMUNDA.getHost() + ":" + CAMUNDA.getMappedPort(GRPC)))
        .restAddress(URI.create("http://" + CAMUNDA.getHost() + ":" + CAMUNDA.getMappedPort(REST)))
        .build();
  }

  @AfterAll
  static void close() {
    if (client != null) {
      client.close();
    }
  }

  @Override
  public CamundaClient engine() {
    return client;
  }

  @Override
  public MonitoringSource source() {
    return new CamundaSearchSource(client, Duration.ofMillis(200));
  }
}
