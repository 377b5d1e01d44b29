package dev.pulse.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a Kafka record as a row of the {@code outbox} table, in the caller's transaction: the
 * change and its event commit together or not at all. {@link OutboxRelay} sends it afterwards.
 */
@Component
public class Outbox {

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final Clock clock;

  Outbox(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = Clock.systemUTC();
  }

  /**
   * Appends a domain event to {@link Topics#EVENTS}.
   *
   * @return the event id (also sent as the {@code pulse-event-id} header, for consumers' dedupe)
   */
  public UUID event(String type, String aggregateId, Map<String, ?> data) {
    return append(Topics.EVENTS, aggregateId, type, data);
  }

  /** Appends a record for any topic; the value is an envelope with id, type, key, time and data. */
  public UUID append(String topic, String key, String type, Map<String, ?> data) {
    UUID id = UUID.randomUUID();
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("id", id.toString());
    envelope.put("type", type);
    envelope.put("key", key);
    envelope.put("occurredAt", Instant.now(clock).toString());
    envelope.put("data", data);
    String payload;
    try {
      payload = json.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event " + type + " is not serializable: " + e.getMessage(), e);
    }
    jdbc.update(
        "INSERT INTO outbox (id, topic, message_key, event_type, payload) VALUES (?, ?, ?, ?, ?)",
        id,
        topic,
        key,
        type,
        payload);
    return id;
  }

  /** The erasure: the contact's id becomes the pseudonym and its email {@code [erased]} in the payloads, and in the keys. */
  public int scrub(String contactId, String email, String pseudonym) {
    return dev.pulse.platform.TextScrub.scrub(jdbc, "outbox", "payload", contactId, email, pseudonym)
        + jdbc.update("UPDATE outbox SET message_key = ? WHERE message_key = ?", pseudonym, contactId);
  }

  /** Retention: relayed events older than the cutoff are deleted. */
  public int deleteSentBefore(java.sql.Timestamp cutoff) {
    return jdbc.update("DELETE FROM outbox WHERE sent_at < ?", cutoff);
  }
}
