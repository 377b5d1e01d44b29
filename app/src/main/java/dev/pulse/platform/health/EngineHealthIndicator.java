package dev.pulse.platform.health;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.Topology;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} component "engine": the Zeebe gateway answers a topology request. */
@Component("engine")
class EngineHealthIndicator extends AbstractHealthIndicator {

  private final CamundaClient client;

  EngineHealthIndicator(CamundaClient client) {
    super("The Zeebe engine is not reachable");
    this.client = client;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    Topology topology =
        client
            .newTopologyRequest()
            .useGrpc()
            .requestTimeout(Duration.ofSeconds(3))
            .send()
            .get(4, TimeUnit.SECONDS);
    builder
        .up()
        .withDetail("brokers", topology.getBrokers().size())
        .withDetail("partitions", topology.getPartitionsCount())
        .withDetail("gatewayVersion", topology.getGatewayVersion());
  }
}
