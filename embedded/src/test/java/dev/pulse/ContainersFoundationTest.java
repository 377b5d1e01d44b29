package dev.pulse;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same foundation scenarios with PostgreSQL and Kafka in containers, as production runs them
 * beside Pulse. The engine stays embedded. Skipped where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestPropertySource(
    properties = {
      "pulse.runtime.embedded.postgres.enabled=false",
      "pulse.runtime.embedded.kafka.enabled=false"
    })
class ContainersFoundationTest extends FoundationScenarios {

  @Container
  static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:17-alpine");

  @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:3.9.1");

  @DynamicPropertySource
  static void containers(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", POSTGRES::getJdbcUrl);
    registry.add("spring.datasource.username", POSTGRES::getUsername);
    registry.add("spring.datasource.password", POSTGRES::getPassword);
    registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
  }
}
