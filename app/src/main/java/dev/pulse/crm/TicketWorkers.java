package dev.pulse.crm;

import dev.pulse.platform.events.Outbox;
import io.camunda.client.annotation.CustomHeaders;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code create-ticket} and {@code escalate-ticket}, for any process that opens tickets (survey
 * follow-ups, conversations). A ticket is keyed by what opened it ({@code ticketSourceKey}), so a
 * redelivered job finds the ticket it already created instead of opening a second one.
 */
@Component
public class TicketWorkers {

  private final JdbcTemplate jdbc;
  private final Outbox outbox;
  private final TransactionTemplate tx;

  private final AudienceChanges audience;

  TicketWorkers(JdbcTemplate jdbc, Outbox outbox, TransactionTemplate tx, AudienceChanges audience) {
    this.audience = audience;
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.tx = tx;
  }

  @JobWorker(type = TicketJobs.CREATE_TICKET)
  public Map<String, Object> createTicket(
      @Variable String ticketSourceKey,
      @Variable String ticketSubject,
      @Variable(optional = true) String contactId,
      @Variable(optional = true) String ticketOwnerId,
      @CustomHeaders Map<String, String> headers) {
    String priority = headers.getOrDefault("priority", "MEDIUM");
    String ticketId =
        tx.execute(status -> {
          String id = UUID.randomUUID().toString();
          int created =
              jdbc.update(
                  "INSERT INTO tickets (id, source_key, contact_id, subject, priority, owner_id) VALUES (?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (source_key) DO NOTHING",
                  id, ticketSourceKey, contactId, ticketSubject, priority, ticketOwnerId);
          String existing = jdbc.queryForObject("SELECT id FROM tickets WHERE source_key = ?", String.class, ticketSourceKey);
          if (created == 1) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("ticketId", existing);
            data.put("contactId", contactId);
            data.put("priority", priority);
            data.put("ownerId", ticketOwnerId);
            data.put("source", ticketSourceKey);
            outbox.event("ticket.created", existing, data);
            audience.contact(contactId, "ticket '" + existing + "' created", false);
          }
          return existing;
        });
    return Map.of("ticketId", ticketId);
  }

  @JobWorker(type = TicketJobs.ESCALATE_TICKET)
  public void escalateTicket(@Variable String ticketId) {
    tx.executeWithoutResult(status -> {
      if (jdbc.update(
              "UPDATE tickets SET priority = 'URGENT', escalated_at = now(), updated_at = now() WHERE id = ? AND escalated_at IS NULL AND closed_at IS NULL",
              ticketId)
          == 1) {
        outbox.event("ticket.escalated", ticketId, Map.of("ticketId", ticketId));
        audience.contact(jdbc.queryForObject("SELECT contact_id FROM tickets WHERE id = ?", String.class, ticketId), "ticket '" + ticketId + "' escalated", false);
      }
    });
  }
}
