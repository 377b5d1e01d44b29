package dev.pulse.privacy;

import dev.pulse.platform.audit.AuditLog;
import dev.pulse.platform.events.Outbox;
import dev.pulse.platform.events.ProcessedEvents;
import io.camunda.client.CamundaClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases a contact (the right to erasure): the contact row and its list memberships and rule
 * traces are deleted; the records that feed counts (deliveries, responses, conversations, tickets)
 * stay for the figures but lose everything that identifies the person: the contact id becomes a
 * random pseudonym that links to nothing, comments and message bodies are removed, and the id
 * and email are scrubbed from event payloads and the monitoring projection. Work still running
 * for the contact (a scheduled survey, an open conversation) is ended and its process instance
 * canceled. One transaction: either all of it or none. Each module erases in its own tables
 * ({@link PersonalData}); this class orders them, holds the transaction and writes the report.
 */
@Service
public class ContactErasure {

  private static final Logger LOG = LoggerFactory.getLogger(ContactErasure.class);
  public static final String ERASED = PersonalData.ERASED;

  public record Report(String pseudonym, Map<String, Integer> rows, int instancesCanceled) {}

  private final TransactionTemplate tx;
  private final CamundaClient client;
  private final AuditLog audit;
  private final ErasureSubjects subjects;
  private final List<PersonalData> modules;
  private final Outbox outbox;
  private final ProcessedEvents processed;

  ContactErasure(TransactionTemplate tx, CamundaClient client, AuditLog audit, ErasureSubjects subjects, List<PersonalData> modules, Outbox outbox,
      ProcessedEvents processed) {
    this.tx = tx;
    this.client = client;
    this.audit = audit;
    this.subjects = subjects;
    this.modules = modules;
    this.outbox = outbox;
    this.processed = processed;
  }

  /** Empty when there is no such contact. */
  public Optional<Report> erase(String contactId) {
    if (!subjects.exists(contactId)) {
      return Optional.empty();
    }
    String pseudonym = "erased-" + UUID.randomUUID();
    // first stop the work still running for the contact (answered lifecycles included: the engine
    // holds their variables), then let the monitoring projection catch up with the engine, so that
    // nothing projected after the scrub brings the id back
    List<Long> running = new ArrayList<>();
    modules.forEach(m -> running.addAll(m.runningInstances(contactId)));
    int canceled = (int) running.stream().filter(this::cancel).count();
    modules.forEach(PersonalData::settle);
    Map<String, Integer> rows = tx.execute(status -> {
      Optional<String> locked = subjects.lock(contactId);
      if (locked.isEmpty()) {
        return null;
      }
      String email = locked.get().isEmpty() ? null : locked.get();
      // a served web survey's lifecycle may have started since the cancels above; the contact's
      // row is locked now (as such a start locks it), so none can start any more: cancel those
      // too, and let the projection take what they wrote before the scrub below
      List<Long> late = new ArrayList<>();
      modules.forEach(m -> m.runningInstances(contactId).stream().filter(k -> !running.contains(k)).forEach(late::add));
      late.forEach(this::cancel);
      if (!late.isEmpty()) {
        modules.forEach(PersonalData::settle);
      }
      PersonalData.ErasedContact contact = new PersonalData.ErasedContact(contactId, email, pseudonym);
      Map<String, Integer> n = new LinkedHashMap<>();
      for (PersonalData module : modules) {
        module.erase(contact).forEach((kind, count) -> n.merge(kind, count, Integer::sum));
      }
      n.put("processedEvents", processed.forgetMentioning(contactId));
      n.put("events", outbox.scrub(contactId, email, pseudonym));
      audit.record("CONTACT_ERASE", pseudonym, n);
      return n;
    });
    if (rows == null) {
      return Optional.empty();
    }
    LOG.info("Erased a contact as {}: {}; {} running instance(s) canceled", pseudonym, rows, canceled);
    return Optional.of(new Report(pseudonym, rows, canceled));
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
