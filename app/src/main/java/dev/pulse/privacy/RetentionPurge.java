package dev.pulse.privacy;

import dev.pulse.platform.audit.AuditLog;
import dev.pulse.platform.events.Outbox;
import dev.pulse.platform.events.ProcessedEvents;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps personal data no longer than the retention period ({@code pulse.privacy.retention-days};
 * 0, the default, keeps it): once a day, answers, deliveries and conversations that ended before
 * the cutoff lose their comments, message bodies and the contact they belong to (a random
 * pseudonym per record), so the counts stay; rule traces, relayed events, applied-event marks and
 * the monitoring of ended instances are deleted. Each module purges its own tables ({@link PersonalData}).
 */
@Service
public class RetentionPurge {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
  public static final String PURGED = PersonalData.PURGED;

  private final TransactionTemplate tx;
  private final AuditLog audit;
  private final List<PersonalData> modules;
  private final Outbox outbox;
  private final ProcessedEvents processed;
  private final int days;

  RetentionPurge(TransactionTemplate tx, AuditLog audit, List<PersonalData> modules, Outbox outbox, ProcessedEvents processed,
      @Value("${pulse.privacy.retention-days:0}") int days) {
    this.tx = tx;
    this.audit = audit;
    this.modules = modules;
    this.outbox = outbox;
    this.processed = processed;
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
      for (PersonalData module : modules) {
        module.purge(cutoff).forEach((kind, count) -> rows.merge(kind, count, Integer::sum));
      }
      rows.put("events", outbox.deleteSentBefore(before));
      rows.put("processedEvents", processed.forgetBefore(before));
      return rows;
    });
    Map<String, Object> detail = new LinkedHashMap<>(n);
    detail.put("cutoff", cutoff.toString());
    audit.record("RETENTION_PURGE", null, detail);
    return n;
  }
}
