package dev.pulse.platform.events;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers which events a consumer applied. Call {@link #firstTime} inside the transaction that
 * applies the event: a redelivered event finds its row and is skipped, and if the transaction
 * rolls back, the row goes with it.
 */
@Component
public class ProcessedEvents {

  private final JdbcTemplate jdbc;

  ProcessedEvents(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * True when this consumer already applied this event. For effects that cannot share one
   * transaction with the mark (a process start): apply idempotently, then {@link #firstTime}, so
   * a crash in between applies the event again instead of never.
   */
  public boolean seen(String consumer, String eventId) {
    return jdbc.queryForObject("SELECT count(*) FROM processed_events WHERE consumer = ? AND event_id = ?", Integer.class, consumer, eventId) > 0;
  }

  /** True the first time this consumer sees this event id. */
  public boolean firstTime(String consumer, String eventId) {
    return jdbc.update(
            "INSERT INTO processed_events (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING", consumer, eventId)
        == 1;
  }

  /** The erasure: forgets every mark whose event id names the contact. */
  public int forgetMentioning(String contactId) {
    return jdbc.update("DELETE FROM processed_events WHERE position(? IN event_id) > 0", contactId);
  }

  /** Retention: forgets the marks older than the cutoff. */
  public int forgetBefore(java.sql.Timestamp cutoff) {
    return jdbc.update("DELETE FROM processed_events WHERE processed_at < ?", cutoff);
  }
}
