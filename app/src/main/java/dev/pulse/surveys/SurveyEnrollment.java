package dev.pulse.surveys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import dev.pulse.platform.events.Outbox;
import dev.pulse.processes.ProcessService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who gets a survey: on publish, the existing contacts (a durable background run, see
 * {@link EnrollmentRuns}), and afterwards each contact whose change makes it match. Every decision is stored with its trace;
 * an eligible contact gets a delivery (at most one per survey, contact and cycle, by constraint)
 * and a {@code survey-lifecycle} instance.
 */
@Service
public class SurveyEnrollment {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SurveyEnrollment.class);

  private final SurveyRepository surveys;
  private final DeliveryRepository deliveries;
  private final ContactService contacts;
  private final RecipientFacts facts;
  private final RecipientDecisions decisions;
  private final ProcessService processes;
  private final Outbox outbox;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final ObjectMapper json;
  private final AudienceDue due;

  SurveyEnrollment(
      AudienceDue due,
      SurveyRepository surveys,
      DeliveryRepository deliveries,
      ContactService contacts,
      RecipientFacts facts,
      RecipientDecisions decisions,
      ProcessService processes,
      Outbox outbox,
      JdbcTemplate jdbc,
      TransactionTemplate tx,
      ObjectMapper json) {
    this.surveys = surveys;
    this.deliveries = deliveries;
    this.contacts = contacts;
    this.facts = facts;
    this.decisions = decisions;
    this.processes = processes;
    this.outbox = outbox;
    this.jdbc = jdbc;
    this.tx = tx;
    this.json = json;
    this.due = due;
  }

  /**
   * One existing contact of a survey being published (or re-checked after its recipients were
   * edited: {@code trigger}), for the enrollment run that began at {@code runStartedAt}.
   * Idempotent for the run: a contact this survey reached since the run began (an earlier attempt
   * of the run, or a change of the contact meanwhile) is left alone, so a run resumed after a
   * crash enrolls nobody twice. True when a delivery was created.
   *
   * <p>When the survey leaves existing contacts out, the publish run takes the snapshot: a
   * contact in the audience at publish is remembered as existing ({@code survey_baseline}). A
   * contact whose audience inputs changed after the publish is not judged here: its change event
   * decides it, as a contact that may have started to match after the publish.
   */
  boolean considerExisting(Survey survey, Contact contact, Instant runStartedAt, String trigger) {
    boolean snapshot = PUBLISH.equals(trigger);
    if (!snapshot || Surveys.includeExisting(survey.definition())) {
      return consider(survey, contact, inBaseline(survey.id(), contact.id()), runStartedAt, trigger);
    }
    if (changedAfter(contact.id(), survey.publishedAt())) {
      return false; // its change event decides it
    }
    List<Object> facts = this.facts.of(survey, contact, true);
    RecipientDecisions.Decision decision = decisions.decide(survey.id(), contact.id(), facts, trigger);
    if (decision.inAudience()) {
      jdbc.update("INSERT INTO survey_baseline (survey_id, contact_id) VALUES (?, ?) ON CONFLICT DO NOTHING", survey.id(), contact.id());
    }
    due.schedule(survey.id(), contact.id(), AudienceDue.next(facts));
    return false;
  }

  /** The trigger of the publish run. */
  static final String PUBLISH = "published: an existing contact";

  /** The trigger of the run after a published survey's recipients were edited. */
  static final String RECIPIENTS_EDITED = "the survey's recipients were edited";

  /**
   * Whether the contact counts as existing for a survey that leaves existing contacts out, as
   * {@code /recipients} shows it: for a survey not published, everyone (published now, who
   * matches now is existing); for a published one, the publish snapshot, including the contacts
   * its run has not reached yet that did not change since the publish.
   */
  boolean existing(Survey survey, Contact contact) {
    if (Surveys.includeExisting(survey.definition())) {
      return false;
    }
    if (survey.status() != Survey.Status.PUBLISHED || survey.publishedAt() == null) {
      return true;
    }
    if (inBaseline(survey.id(), contact.id())) {
      return true;
    }
    return !jdbc.queryForList(
        "SELECT 1 FROM survey_enrollments e, contacts c WHERE e.survey_id = ? AND e.status = 'RUNNING' AND e.reason = 'PUBLISHED'"
            + " AND c.id = ? AND c.created_at <= ? AND (c.audience_changed_at IS NULL OR c.audience_changed_at <= ?)"
            + " AND (e.cursor IS NULL OR c.id > e.cursor)",
        Integer.class, survey.id(), contact.id(), java.sql.Timestamp.from(survey.publishedAt()), java.sql.Timestamp.from(survey.publishedAt())).isEmpty();
  }

  private boolean inBaseline(String surveyId, String contactId) {
    return jdbc.queryForObject("SELECT count(*) FROM survey_baseline WHERE survey_id = ? AND contact_id = ?", Integer.class, surveyId, contactId) > 0;
  }

  private boolean changedAfter(String contactId, Instant moment) {
    return moment != null
        && jdbc.queryForObject("SELECT count(*) FROM contacts WHERE id = ? AND audience_changed_at > ?", Integer.class, contactId, java.sql.Timestamp.from(moment)) > 0;
  }

  /**
   * Something a survey audience can see about a contact changed ({@code why}, at {@code
   * occurredAt}): decide it for every published email survey. A survey that leaves existing
   * contacts out ignores a change made before it was published: its publish run judges that
   * contact as it was then.
   */
  void contactChanged(String contactId, String why, Instant occurredAt) {
    Contact contact = contacts.find(contactId).orElse(null);
    if (contact == null) {
      return;
    }
    for (Survey survey : surveys.published(SurveyInput.Delivery.EMAIL)) {
      try {
        if (!Surveys.includeExisting(survey.definition()) && occurredAt != null && survey.publishedAt() != null && occurredAt.isBefore(survey.publishedAt())) {
          continue;
        }
        consider(survey, contact, inBaseline(survey.id(), contactId), null, why == null ? "contact changed" : why);
      } catch (RuntimeException e) {
        recordError(survey, contactId, e);
      }
    }
  }

  /** A moment the due-time index kept for (survey, contact) came: decide that pair again. */
  void timeCame(String surveyId, String contactId, String why) {
    Survey survey = surveys.find(surveyId).orElse(null);
    Contact contact = contacts.find(contactId).orElse(null);
    if (survey == null || contact == null || survey.status() != Survey.Status.PUBLISHED || survey.definition().delivery() != SurveyInput.Delivery.EMAIL) {
      due.clear(surveyId, contactId);
      return;
    }
    try {
      consider(survey, contact, inBaseline(surveyId, contactId), null, "time: " + why);
    } catch (RuntimeException e) {
      recordError(survey, contactId, e);
    }
  }

  private void recordError(Survey survey, String contactId, RuntimeException e) {
    // one survey that cannot be decided never keeps the contact from the others: the failure
    // is said on that survey (GET /api/surveys/{id}: lastError) and in the log
    String why = causes(e);
    LOG.warn("Survey {} could not be decided for contact {}: {}", survey.id(), contactId, why);
    surveys.recordError(survey.id(), contactId, why);
  }

  /** Every distinct message along the causes, outermost first: a rule engine's wrapper says where, its cause says what. */
  static String causes(Throwable e) {
    java.util.LinkedHashSet<String> messages = new java.util.LinkedHashSet<>();
    for (Throwable t = e; t != null && messages.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
      messages.add(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip());
    }
    return String.join(": ", messages);
  }

  /** The outcome of triggering one delivery. */
  public record Triggered(boolean eligible, String deliveryId, Long processInstanceKey, String reason, String rule) {}

  /**
   * Sends a published survey to one contact now, for an occasion: a closed chat conversation (its
   * summary goes to the chat-quality rules; its assignee and team are credited), a web visit, or a
   * service's request. Same rules, same one-delivery-per-cycle constraint as enrollment.
   */
  public Triggered trigger(Survey survey, Contact contact, String conversationId, String agentId, String teamId, Map<String, Object> conversation) {
    if (deliveries.hasOpen(survey.id(), contact.id())) {
      return new Triggered(false, null, null, "a delivery of this survey to this contact is still open", null);
    }
    Map<String, Object> context = new LinkedHashMap<>();
    if (conversation != null) {
      Map<String, Object> summary = new LinkedHashMap<>(conversation);
      summary.put("conversationId", conversationId);
      context.put("conversation", summary);
    }
    String contextJson;
    try {
      contextJson = json.writeValueAsString(context);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    String why = conversationId != null ? "conversation '" + conversationId + "' closed" : "sent on request";
    RecipientDecisions.Decision decision = decisions.decide(survey.id(), contact.id(), facts.of(survey, contact, false, contextJson), why);
    if (!decision.eligible()) {
      return new Triggered(false, null, null, decision.reason(), decision.rule());
    }
    String deliveryId = UUID.randomUUID().toString();
    Boolean created =
        tx.execute(status -> {
          // one decider at a time per (survey, contact), and the open check again under that lock:
          // two callers that both saw "none open" must not make cycles 1 and 2
          deliveries.lockPair(survey.id(), contact.id());
          if (deliveries.hasOpen(survey.id(), contact.id())) {
            return false;
          }
          int cycle = deliveries.nextCycle(survey.id(), contact.id());
          if (!deliveries.insertTriggered(deliveryId, survey.id(), contact.id(), cycle, survey.definition().delivery().name(), conversationId, agentId, teamId, contextJson)) {
            return false;
          }
          outbox.event("survey.enrolled", deliveryId, Map.of("surveyId", survey.id(), "contactId", contact.id(), "deliveryId", deliveryId));
          return true;
        });
    if (!Boolean.TRUE.equals(created)) {
      return new Triggered(false, null, null, "a delivery of this survey to this contact was created at the same moment", null);
    }
    start(deliveryId, survey, contact.id());
    return new Triggered(true, deliveryId, deliveries.find(deliveryId).map(Delivery::processInstanceKey).orElse(null), null, decision.rule());
  }

  /**
   * Decides one contact for one survey, saying why it was asked ({@code trigger}); creates the
   * delivery and starts its process when eligible. Every path leaves the due-time index right for
   * the pair: the next moment time alone may change the answer, or nothing.
   */
  private boolean consider(Survey survey, Contact contact, boolean matchedBeforePublish, Instant runStartedAt, String trigger) {
    boolean resend = Surveys.resendToResponders(survey.definition());
    if (deliveries.hasOpen(survey.id(), contact.id())) {
      resendCheck(survey, contact.id(), resend, Duration.ofDays(1));
      return false;
    }
    List<Object> facts = this.facts.of(survey, contact, matchedBeforePublish);
    RecipientDecisions.Decision decision = decisions.decide(survey.id(), contact.id(), facts, trigger);
    if (matchedBeforePublish && !decision.inAudience()) {
      // an existing contact that stopped matching is existing no more: if it starts to match
      // again later, that is a new match
      jdbc.update("DELETE FROM survey_baseline WHERE survey_id = ? AND contact_id = ?", survey.id(), contact.id());
    }
    if (!decision.eligible()) {
      due.schedule(survey.id(), contact.id(), AudienceDue.next(facts));
      return false;
    }
    String deliveryId = UUID.randomUUID().toString();
    Boolean created =
        tx.execute(status -> {
          deliveries.lockPair(survey.id(), contact.id());
          if (deliveries.hasOpen(survey.id(), contact.id())) {
            return false;
          }
          if (runStartedAt != null && deliveries.createdSince(survey.id(), contact.id(), runStartedAt)) {
            return false; // this run (or a change since it began) already reached the contact
          }
          int cycle = deliveries.nextCycle(survey.id(), contact.id());
          if (!deliveries.insertIfAbsent(deliveryId, survey.id(), contact.id(), cycle, survey.definition().delivery().name(), Instant.now().plus(Surveys.delay(survey.definition())), trigger)) {
            return false;
          }
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("surveyId", survey.id());
          data.put("contactId", contact.id());
          data.put("deliveryId", deliveryId);
          data.put("why", trigger);
          outbox.event("survey.enrolled", deliveryId, data);
          return true;
        });
    // with re-sending on, the contact is looked at again once the window and the cooldown are over
    Duration again = Surveys.delay(survey.definition()).plus(Surveys.window(survey.definition())).plusDays(Surveys.cooldownDays(survey.definition())).plusMinutes(1);
    resendCheck(survey, contact.id(), resend, again);
    if (!Boolean.TRUE.equals(created)) {
      return false;
    }
    start(deliveryId, survey, contact.id());
    return true;
  }

  /** With re-sending on, the pair is looked at again after {@code after}; without, time alone changes nothing for it. */
  private void resendCheck(Survey survey, String contactId, boolean resend, Duration after) {
    if (resend) {
      due.schedule(survey.id(), contactId, new AudienceDue.Moment(Instant.now().plus(after), "re-send: the contact may be sent the survey again"));
    } else {
      due.clear(survey.id(), contactId);
    }
  }

  private void start(String deliveryId, Survey survey, String contactId) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(SurveyLifecycleProcess.VARIABLE_DELIVERY_ID, deliveryId);
    variables.put(SurveyLifecycleProcess.VARIABLE_SURVEY_ID, survey.id());
    variables.put(SurveyLifecycleProcess.VARIABLE_CONTACT_ID, contactId);
    variables.put(SurveyLifecycleProcess.VARIABLE_DELAY, Surveys.delay(survey.definition()).toString());
    long key = processes.start(SurveyLifecycleProcess.ID, variables).processInstanceKey();
    deliveries.setProcessInstance(deliveryId, key);
  }
}
