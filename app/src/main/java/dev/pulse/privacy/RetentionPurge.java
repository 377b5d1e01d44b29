package dev.pulse.privacy;

import dev.pulse.platform.audit.AuditLog;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps personal data no longer than the retention period ({@code pulse.privacy.retention-days};
 * 0, the default, keeps it): once a day, answers, deliveries and conversations that ended before
 * the cutoff lose their comments, message bodies and the contact they belong to (a random
 * pseudonym per record), so the counts stay; rule traces, relayed events, applied-event marks and
 * the monitoring of ended instances are deleted.
 */
@Service
public class RetentionPurge {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
  public static final String PURGED = "[purged]";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final AuditLog audit;
  private final int days;

  RetentionPurge(JdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit, @Value("${pulse.privacy.retention-days:0}") int days) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.audit = audit;
    this.days = days;
  }

  @Scheduled(cron = "${pulse.privacy.retention-cron:0 30 3 * * *}")
  void daily() {
    if (days > 0) {
      Map<String, Integer> purged = purge(Instant.now().minus(Duration.ofDays(days)));
      LOG.info("Retention ({} days): {}", days, purged);
    }
  }

  /** Purges what ended before {@code cutoff}; returns the rows touched per kind. */
  public Map<String, Integer> purge(Instant cutoff) {
    Timestamp before = Timestamp.from(cutoff);
    Map<String, Integer> n = tx.execute(status -> {
      Map<String, Integer> rows = new LinkedHashMap<>();
      rows.put("responses", jdbc.update(
          "UPDATE responses SET contact_id = 'purged-' || gen_random_uuid(), comment = NULL WHERE answered_at < ? AND contact_id NOT LIKE 'purged-%'", before));
      rows.put("deliveries", jdbc.update(
          "UPDATE deliveries SET contact_id = 'purged-' || gen_random_uuid(), context = '{}'"
              + " WHERE finished_at < ? AND status IN ('ANSWERED', 'EXPIRED', 'SKIPPED') AND contact_id NOT LIKE 'purged-%'", before));
      rows.put("messages", jdbc.update(
          "UPDATE messages SET body = ?, author = CASE WHEN direction = 'IN' THEN NULL ELSE author END"
              + " WHERE created_at < ? AND body <> ? AND conversation_id IN (SELECT id FROM conversations WHERE status = 'CLOSED' AND closed_at < ?)",
          PURGED, before, PURGED, before));
      rows.put("conversations", jdbc.update(
          "UPDATE conversations SET contact_id = 'purged-' || gen_random_uuid(), routing = NULL"
              + " WHERE status = 'CLOSED' AND closed_at < ? AND contact_id NOT LIKE 'purged-%'", before));
      rows.put("ruleTraces", jdbc.update("DELETE FROM recipient_decisions WHERE decided_at < ?", before));
      rows.put("events", jdbc.update("DELETE FROM outbox WHERE sent_at < ?", before));
      rows.put("processedEvents", jdbc.update("DELETE FROM processed_events WHERE processed_at < ?", before));
      rows.put("monitoredInstances", jdbc.update("DELETE FROM monitor_variables WHERE instance_key IN (SELECT key FROM monitor_instances WHERE ended_at < ?)", before)
          + jdbc.update("DELETE FROM monitor_elements WHERE instance_key IN (SELECT key FROM monitor_instances WHERE ended_at < ?)", before)
          + jdbc.update("DELETE FROM monitor_incidents WHERE instance_key IN (SELECT key FROM monitor_instances WHERE ended_at < ?)", before)
          + jdbc.update("DELETE FROM monitor_instances WHERE ended_at < ?", before));
      return rows;
    });
    Map<String, Object> detail = new LinkedHashMap<>(n);
    detail.put("cutoff", cutoff.toString());
    audit.record("RETENTION_PURGE", null, detail);
    return n;
  }
}
