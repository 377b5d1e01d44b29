package dev.pulse.monitoring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Picks the monitoring source: {@code pulse.monitoring.source} is {@code auto} (the projection
 * when the engine is embedded, the cluster's search API otherwise), {@code projection} or {@code
 * camunda}.
 */
@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(MonitoringConfiguration.class);

  @Bean
  @Primary
  MonitoringSource monitoringSource(
      @Value("${pulse.monitoring.source:auto}") String source, org.springframework.beans.factory.ObjectProvider<EngineProjection> projectors, ProjectionSource projection, CamundaSearchSource camunda) {
    EngineProjection projector = projectors.getIfAvailable(() -> EngineProjection.NONE);
    MonitoringSource chosen = switch (source) {
      case "auto" -> projector.active() ? projection : camunda;
      case "camunda" -> camunda;
      case "projection" -> {
        if (!projector.active()) {
          throw new IllegalStateException("pulse.monitoring.source=projection needs the embedded engine, whose records it projects;"
              + " against a Camunda 8 cluster use 'camunda' (its search API) or 'auto'");
        }
        yield projection;
      }
      default -> throw new IllegalStateException("pulse.monitoring.source is auto, projection or camunda, not '" + source + "'");
    };
    LOG.info("Process monitoring reads from {}", chosen.name());
    return chosen;
  }
}
