package dev.pulse.surveys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import dev.pulse.platform.events.Outbox;
import dev.pulse.processes.ProcessService;
import dev.pulse.rules.RecipientDecisions;
import java.time.Instant;
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

  static final String LIFECYCLE = "survey-lifecycle";

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

  SurveyEnrollment(
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
  }

  /**
   * One existing contact of a survey being published, for the enrollment run that began at
   * {@code runStartedAt}. Idempotent for the run: a contact this survey reached since the run
   * began (an earlier attempt of the run, or a change of the contact meanwhile) is left alone, so
   * a run resumed after a crash enrolls nobody twice. True when a delivery was created.
   */
  boolean considerExisting(Survey survey, Contact contact, Instant runStartedAt) {
    if (Surveys.includeExisting(survey.definition())) {
      return consider(survey, contact, false, runStartedAt);
    }
    // existing contacts are left out: remember who matched at publish, and record why not
    if (decisions.decide(survey.id(), contact.id(), facts.of(survey, contact, false)).eligible()) {
      jdbc.update("INSERT INTO survey_baseline (survey_id, contact_id) VALUES (?, ?) ON CONFLICT DO NOTHING", survey.id(), contact.id());
    }
    decisions.decide(survey.id(), contact.id(), facts.of(survey, contact, true));
    return false;
  }

  /** A contact changed: enroll it in every published email survey it now matches. */
  void contactChanged(String contactId) {
    Contact contact = contacts.find(contactId).orElse(null);
    if (contact == null) {
      return;
    }
    for (Survey survey : surveys.published(SurveyInput.Delivery.EMAIL)) {
      try {
        boolean baseline =
            jdbc.queryForObject("SELECT count(*) FROM survey_baseline WHERE survey_id = ? AND contact_id = ?", Integer.class, survey.id(), contactId) > 0;
        consider(survey, contact, baseline, null);
      } catch (RuntimeException e) {
        // one survey that cannot be decided never keeps the contact from the others: the failure
        // is said on that survey (GET /api/surveys/{id}: lastError) and in the log
        String why = causes(e);
        LOG.warn("Survey {} could not be decided for contact {}: {}", survey.id(), contactId, why);
        surveys.recordError(survey.id(), contactId, why);
      }
    }
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
    RecipientDecisions.Decision decision = decisions.decide(survey.id(), contact.id(), facts.of(survey, contact, false, contextJson));
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

  /** Decides one contact for one survey; creates the delivery and starts its process when eligible. */
  private boolean consider(Survey survey, Contact contact, boolean matchedBeforePublish, Instant runStartedAt) {
    if (deliveries.hasOpen(survey.id(), contact.id())) {
      return false;
    }
    if (!decisions.decide(survey.id(), contact.id(), facts.of(survey, contact, matchedBeforePublish)).eligible()) {
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
          if (!deliveries.insertIfAbsent(deliveryId, survey.id(), contact.id(), cycle, survey.definition().delivery().name(), Instant.now().plus(Surveys.delay(survey.definition())))) {
            return false;
          }
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("surveyId", survey.id());
          data.put("contactId", contact.id());
          data.put("deliveryId", deliveryId);
          outbox.event("survey.enrolled", deliveryId, data);
          return true;
        });
    if (!Boolean.TRUE.equals(created)) {
      return false;
    }
    start(deliveryId, survey, contact.id());
    return true;
  }

  private void start(String deliveryId, Survey survey, String contactId) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("deliveryId", deliveryId);
    variables.put("surveyId", survey.id());
    variables.put("contactId", contactId);
    variables.put("delay", Surveys.delay(survey.definition()).toString());
    long key = processes.start(LIFECYCLE, variables).processInstanceKey();
    deliveries.setProcessInstance(deliveryId, key);
  }
}
