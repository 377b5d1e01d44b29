package dev.pulse.platform.health;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} component "kafka": the broker answers a cluster description. */
@Component("kafka")
class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

  private final AdminClient admin;

  KafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
    super("Kafka is not reachable");
    this.admin = AdminClient.create(kafkaAdmin.getConfigurationProperties());
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000));
    String clusterId = cluster.clusterId().get(3, TimeUnit.SECONDS);
    int nodes = cluster.nodes().get(3, TimeUnit.SECONDS).size();
    builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
  }

  @Override
  public void destroy() {
    admin.close();
  }
}
