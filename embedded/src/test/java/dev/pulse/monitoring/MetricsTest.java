package dev.pulse.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** Prometheus metrics: per process, per rule domain, and the Kafka consumers' lag. */
class MetricsTest extends PulseStackTest {

  @org.springframework.beans.factory.annotation.Autowired private ProcessGauges gauges;

  @Test
  void processesRuleDomainsAndConsumerLagAreExposedForPrometheus() {
    String order = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
    postJson("/api/processes/foundation-smoke/instances", "{\"orderId\":\"" + order + "\"}");
    postJson("/api/rules/scoring/evaluate", "{\"facts\":[{\"Response\":{\"id\":\"r1\",\"surveyType\":\"CSAT\",\"score\":2}}]}");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ResponseEntity<String> scrape = rest.getForEntity("/actuator/prometheus", String.class);
      assertThat(scrape.getStatusCode().is2xxSuccessful()).isTrue();
      String text = scrape.getBody();
      assertThat(text).containsPattern("pulse_process_instances_started_total\\{process=\"foundation-smoke\"\\} [1-9]");
      assertThat(text).containsPattern("pulse_rules_evaluations_seconds_count\\{domain=\"scoring\"\\} [1-9]");
      assertThat(text).contains("pulse_rules_evaluations_seconds_bucket{domain=\"scoring\"");
      assertThat(text).contains("kafka_consumer_fetch_manager_records_lag_max");
    });

    // the per-process gauges come from the monitoring source, so they read the same against a cluster
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      gauges.refresh();
      String text = rest.getForEntity("/actuator/prometheus", String.class).getBody();
      assertThat(text).containsPattern("pulse_process_instances\\{process=\"foundation-smoke\",state=\"ACTIVE\"\\} [1-9]");
      assertThat(text).contains("pulse_process_incidents_open{process=\"foundation-smoke\"}");
    });

    // the embedded engine's own figures: its log is truncated once processed and projected
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      String text = rest.getForEntity("/actuator/prometheus", String.class).getBody();
      assertThat(text).containsPattern("pulse_engine_log_bytes [0-9]");
      assertThat(text).containsPattern("pulse_engine_position_processed [1-9]");
      assertThat(text).containsPattern("pulse_engine_activations_total [1-9]");
      assertThat(text).contains("pulse_engine_commands_refused_total");
    });
  }
}
