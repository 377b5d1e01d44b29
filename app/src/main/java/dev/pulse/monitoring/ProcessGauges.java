package dev.pulse.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Per-process gauges read from the monitoring source, so they exist in both modes (against a
 * cluster there is no record stream to count): instances by state ({@code
 * pulse_process_instances{process, state}}) and open incidents ({@code
 * pulse_process_incidents_open{process}}). Refreshed on a schedule, not per scrape, so a scrape
 * never waits on the cluster.
 */
@Component
class ProcessGauges {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessGauges.class);

  private final MeterRegistry meters;
  private final MonitoringSource source;
  private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();

  ProcessGauges(MeterRegistry meters, MonitoringSource source) {
    this.meters = meters;
    this.source = source;
  }

  @Scheduled(fixedDelayString = "${pulse.monitoring.gauges-interval:30s}", initialDelayString = "${pulse.monitoring.gauges-initial-delay:5s}")
  void refresh() {
    try {
      for (String process : source.processIds()) {
        for (MonitoringSource.State state : MonitoringSource.State.values()) {
          long n = source.count(new MonitoringSource.Filter(process, null, state, null, null, null, null, null, null, null));
          gauge("pulse.process.instances", process, state.name(), n);
        }
        gauge("pulse.process.incidents.open", process, null, source.openIncidents(process));
      }
    } catch (RuntimeException e) {
      LOG.warn("Per-process gauges were not refreshed from the {} source: {}", source.name(), e.getMessage());
    }
  }

  private void gauge(String name, String process, String state, long value) {
    String id = name + "|" + process + "|" + state;
    values.computeIfAbsent(id, k -> {
      AtomicLong holder = new AtomicLong();
      Gauge.Builder<AtomicLong> b = Gauge.builder(name, holder, AtomicLong::get).tag("process", process);
      if (state != null) {
        b.tag("state", state);
      }
      b.register(meters);
      return holder;
    }).set(value);
  }
}
