package dev.pulse.monitoring;

import dev.pulse.platform.TextScrub;
import dev.pulse.privacy.PersonalData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The monitoring projection's copy of the engine's data: instances, their variables, elements and incidents. */
@Component
@Order(40)
class MonitoringPersonalData implements PersonalData {

  private final JdbcTemplate jdbc;
  private final EngineProjection projection;

  MonitoringPersonalData(JdbcTemplate jdbc, ObjectProvider<EngineProjection> projection) {
    this.jdbc = jdbc;
    this.projection = projection.getIfAvailable(() -> EngineProjection.NONE);
  }

  /** The canceled instances' last records reach the projection before the scrub. */
  @Override
  public void settle() {
    projection.catchUp();
  }

  @Override
  public Map<String, Integer> erase(ErasedContact c) {
    Map<String, Integer> n = new LinkedHashMap<>();
    n.put("monitoredInstances", jdbc.update("UPDATE monitor_instances SET contact_id = NULL WHERE contact_id = ?", c.contactId()));
    n.put("monitoredVariables", TextScrub.scrub(jdbc, "monitor_variables", "value", c.contactId(), c.email(), c.pseudonym()));
    return n;
  }

  @Override
  public Map<String, Integer> purge(Instant cutoff) {
    Timestamp before = Timestamp.from(cutoff);
    return Map.of("monitoredInstances",
        jdbc.update("DELETE FROM monitor_variables WHERE instance_key IN (SELECT key FROM monitor_instances WHERE ended_at < ?)", before)
            + jdbc.update("DELETE FROM monitor_elements WHERE instance_key IN (SELECT key FROM monitor_instances WHERE ended_at < ?)", before)
            + jdbc.update("DELETE FROM monitor_incidents WHERE instance_key IN (SELECT key FROM monitor_instances WHERE ended_at < ?)", before)
            + jdbc.update("DELETE FROM monitor_instances WHERE ended_at < ?", before));
  }
}
