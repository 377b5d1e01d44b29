package dev.pulse.crm;

import dev.pulse.platform.events.Outbox;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tickets of conversations, for the conversations module: the CRM owns the tickets table, so
 * a conversation's ticket is opened and handed over here (in the caller's transaction).
 */
@Component
public class ConversationTickets {

  private final JdbcTemplate jdbc;
  private final Outbox outbox;

  ConversationTickets(JdbcTemplate jdbc, Outbox outbox) {
    this.jdbc = jdbc;
    this.outbox = outbox;
  }

  /** Opens the conversation's ticket once (its source key is the conversation); {@code ticket.created} goes out with it. */
  public boolean open(String conversationId, String contactId, String subject, String pipeline, String stage) {
    String ticketId = UUID.randomUUID().toString();
    if (jdbc.update("INSERT INTO tickets (id, source_key, contact_id, subject, pipeline, stage) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_key) DO NOTHING",
        ticketId, sourceKey(conversationId), contactId, subject, pipeline, stage) != 1) {
      return false;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("ticketId", ticketId);
    data.put("contactId", contactId);
    data.put("source", sourceKey(conversationId));
    data.put("pipeline", pipeline);
    data.put("stage", stage);
    outbox.event("ticket.created", ticketId, data);
    return true;
  }

  /** The open ticket of a conversation is owned by whoever the conversation is assigned to. */
  public void followAssignee(String conversationId, String agentId) {
    jdbc.update("UPDATE tickets SET owner_id = ?, updated_at = now() WHERE source_key = ? AND closed_at IS NULL AND owner_id IS DISTINCT FROM ?",
        agentId, sourceKey(conversationId), agentId);
  }

  private static String sourceKey(String conversationId) {
    return "conversation:" + conversationId;
  }
}
