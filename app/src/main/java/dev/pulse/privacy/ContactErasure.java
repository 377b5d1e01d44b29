package dev.pulse.privacy;

import dev.pulse.platform.audit.AuditLog;
import io.camunda.client.CamundaClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases a contact (the right to erasure): the contact row and its list memberships and rule
 * traces are deleted; the records that feed counts (deliveries, responses, conversations, tickets)
 * stay for the figures but lose everything that identifies the person: the contact id becomes a
 * random pseudonym that links to nothing, comments and message bodies are removed, and the id
 * and email are scrubbed from event payloads and the monitoring projection. Work still running
 * for the contact (a scheduled survey, an open conversation) is ended and its process instance
 * canceled. One transaction: either all of it or none.
 */
@Service
public class ContactErasure {

  private static final Logger LOG = LoggerFactory.getLogger(ContactErasure.class);
  public static final String ERASED = "[erased]";

  public record Report(String pseudonym, Map<String, Integer> rows, int instancesCanceled) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final CamundaClient client;
  private final AuditLog audit;
  private final dev.pulse.monitoring.EngineProjection projection;

  ContactErasure(JdbcTemplate jdbc, TransactionTemplate tx, CamundaClient client, AuditLog audit, org.springframework.beans.factory.ObjectProvider<dev.pulse.monitoring.EngineProjection> projection) {
    this.projection = projection.getIfAvailable(() -> dev.pulse.monitoring.EngineProjection.NONE);
    this.jdbc = jdbc;
    this.tx = tx;
    this.client = client;
    this.audit = audit;
  }

  /** Empty when there is no such contact. */
  public Optional<Report> erase(String contactId) {
    if (jdbc.queryForList("SELECT id FROM contacts WHERE id = ?", String.class, contactId).isEmpty()) {
      return Optional.empty();
    }
    String pseudonym = "erased-" + UUID.randomUUID();
    // first stop the work still running for the contact (answered lifecycles included: the engine
    // holds their variables), then let the monitoring projection catch up with the engine, so that
    // nothing projected after the scrub brings the id back
    List<Long> running = new ArrayList<>();
    running.addAll(jdbc.queryForList(
        "SELECT process_instance_key FROM deliveries WHERE contact_id = ? AND completed_at IS NULL AND process_instance_key IS NOT NULL",
        Long.class, contactId));
    running.addAll(jdbc.queryForList(
        "SELECT process_instance_key FROM conversations WHERE contact_id = ? AND status <> 'CLOSED' AND process_instance_key IS NOT NULL",
        Long.class, contactId));
    int canceled = (int) running.stream().filter(this::cancel).count();
    projection.catchUp();
    Map<String, Integer> rows = tx.execute(status -> {
      List<String> emails = jdbc.queryForList("SELECT email FROM contacts WHERE id = ? FOR UPDATE", String.class, contactId);
      if (emails.isEmpty()) {
        return null;
      }
      String email = emails.get(0);
      // a served web survey's lifecycle may have started since the cancels above; its row is
      // locked now (as the start locks it), so none can start any more: cancel those too, and
      // project what they wrote before the scrub below
      List<Long> late = jdbc.queryForList(
          "SELECT process_instance_key FROM deliveries WHERE contact_id = ? AND completed_at IS NULL AND process_instance_key IS NOT NULL FOR UPDATE",
          Long.class, contactId).stream().filter(k -> !running.contains(k)).toList();
      late.forEach(this::cancel);
      if (!late.isEmpty()) {
        projection.catchUp();
      }
      Map<String, Integer> n = new LinkedHashMap<>();
      n.put("deliveriesEnded", jdbc.update(
          "UPDATE deliveries SET status = 'SKIPPED', skip_reason = 'the contact was erased', finished_at = now(), completed_at = now()"
              + " WHERE contact_id = ? AND status IN ('SCHEDULED', 'SENT')", contactId));
      n.put("conversationsClosed", jdbc.update(
          "UPDATE conversations SET status = 'CLOSED', closed_at = now(), queued_at = NULL WHERE contact_id = ? AND status <> 'CLOSED'", contactId));
      n.put("messages", jdbc.update(
          "UPDATE messages SET body = ?, author = CASE WHEN direction = 'IN' THEN NULL ELSE author END"
              + " WHERE conversation_id IN (SELECT id FROM conversations WHERE contact_id = ?)", ERASED, contactId));
      n.put("responses", jdbc.update("UPDATE responses SET contact_id = ?, comment = NULL, consent = '{}' WHERE contact_id = ?", pseudonym, contactId));
      n.put("deliveries", jdbc.update("UPDATE deliveries SET contact_id = ?, context = '{}' WHERE contact_id = ?", pseudonym, contactId));
      n.put("conversations", jdbc.update("UPDATE conversations SET contact_id = ?, routing = NULL WHERE contact_id = ?", pseudonym, contactId));
      n.put("tickets", jdbc.update("UPDATE tickets SET contact_id = ?, subject = 'Ticket of an erased contact', properties = '{}' WHERE contact_id = ?",
          pseudonym, contactId));
      n.put("deals", jdbc.update("UPDATE deals SET contact_id = NULL WHERE contact_id = ?", contactId));
      n.put("ruleTraces", jdbc.update("DELETE FROM recipient_decisions WHERE contact_id = ?", contactId));
      n.put("surveyBaseline", jdbc.update("DELETE FROM survey_baseline WHERE contact_id = ?", contactId));
      n.put("listMemberships", jdbc.update("DELETE FROM list_members WHERE contact_id = ?", contactId));
      n.put("webSurveyImpressions", jdbc.update("UPDATE web_survey_impressions SET contact_id = NULL WHERE contact_id = ?", contactId));
      n.put("processedEvents", jdbc.update("DELETE FROM processed_events WHERE position(? IN event_id) > 0", contactId));
      n.put("monitoredInstances", jdbc.update("UPDATE monitor_instances SET contact_id = NULL WHERE contact_id = ?", contactId));
      n.put("monitoredVariables", scrub("monitor_variables", "value", contactId, email, pseudonym));
      n.put("events", scrub("outbox", "payload", contactId, email, pseudonym)
          + jdbc.update("UPDATE outbox SET message_key = ? WHERE message_key = ?", pseudonym, contactId));
      if (email != null) {
        n.put("messagesMentioningEmail", jdbc.update("UPDATE messages SET body = ? WHERE position(lower(?) IN lower(body)) > 0", ERASED, email));
      }
      n.put("contact", jdbc.update("DELETE FROM contacts WHERE id = ?", contactId));
      audit.record("CONTACT_ERASE", pseudonym, n);
      return n;
    });
    if (rows == null) {
      return Optional.empty();
    }
    LOG.info("Erased a contact as {}: {}; {} running instance(s) canceled", pseudonym, rows, canceled);
    return Optional.of(new Report(pseudonym, rows, canceled));
  }

  /** Replaces the id (with the pseudonym) and the email (with [erased]) inside a text column. */
  private int scrub(String table, String column, String contactId, String email, String pseudonym) {
    int changed = jdbc.update(
        "UPDATE " + table + " SET " + column + " = replace(" + column + ", ?, ?) WHERE position(? IN " + column + ") > 0", contactId, pseudonym, contactId);
    if (email != null) {
      changed += jdbc.update(
          "UPDATE " + table + " SET " + column + " = regexp_replace(" + column + ", ?, ?, 'gi') WHERE position(lower(?) IN lower(" + column + ")) > 0",
          email.replaceAll("([.+*?^$()\\[\\]{}|\\\\])", "\\\\$1"), ERASED, email);
    }
    return changed;
  }

  /** Cancels a process instance of the contact; false when the engine no longer had it running. */
  private boolean cancel(long key) {
    try {
      client.newCancelInstanceCommand(key).send().join();
      return true;
    } catch (RuntimeException e) {
      LOG.info("Process instance {} of a contact being erased was not canceled (it may have ended): {}", key, e.getMessage());
      return false;
    }
  }

}
