package dev.pulse.surveys;

import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import dev.pulse.platform.Json;
import dev.pulse.platform.events.Outbox;
import dev.pulse.processes.ProcessService;
import dev.pulse.rules.facts.FilterGroup;
import dev.pulse.surveys.facts.Frequency;
import dev.pulse.surveys.facts.VisitorHistory;
import dev.pulse.surveys.facts.WebAudience;
import dev.pulse.surveys.facts.WebSurvey;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * Web-survey intercepts for the targeting endpoint: the facts the targeting rules decide on (the
 * published WEB surveys, what this visitor saw and answered of them, the visitor's contact), and
 * serving the chosen one.
 *
 * <p>Serving a web survey opens a delivery for the visitor, at most one per response window and
 * reused while it is open, so the answer goes through {@link ResponseService} like any other and
 * its lifecycle (classification, follow-up per bucket, expiry) runs in {@code survey-lifecycle},
 * started at its "await answer" step. An anonymous visitor's deliveries are recorded under the
 * recipient {@code visitor:<visitorId>}.
 */
@Service
public class WebSurveys {

  private static final Logger LOG = LoggerFactory.getLogger(WebSurveys.class);
  /** The targeting decisions' id of a web survey, apart from the chatflows'. */
  public static final String KEY_PREFIX = "web-survey:";

  /** What the targeting rules see of the web surveys for one visitor, and the surveys behind them. */
  public record VisitorFacts(List<Object> facts, Map<String, Survey> byKey, Optional<Contact> contact) {}

  private final SurveyRepository surveys;
  private final DeliveryRepository deliveries;
  private final ContactService contacts;
  private final RecipientFacts recipients;
  private final AnswerLinks links;
  private final AgentTeams agentTeams;
  private final ProcessService processes;
  private final Outbox outbox;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final Json json;

  WebSurveys(
      SurveyRepository surveys, DeliveryRepository deliveries, ContactService contacts, RecipientFacts recipients, AnswerLinks links, AgentTeams agentTeams,
      ProcessService processes, Outbox outbox, JdbcTemplate jdbc, TransactionTemplate tx, Json json) {
    this.surveys = surveys;
    this.deliveries = deliveries;
    this.contacts = contacts;
    this.recipients = recipients;
    this.links = links;
    this.agentTeams = agentTeams;
    this.processes = processes;
    this.outbox = outbox;
    this.jdbc = jdbc;
    this.tx = tx;
    this.json = json;
  }

  /**
   * Starts served deliveries' lifecycles off the widget's request: the answer token is valid from
   * the delivery row, and an answer that arrives first waits in the engine as a buffered message.
   * A start lost to a crash or a full queue's fallback failing is resumed by reconciliation.
   */
  private final java.util.concurrent.ThreadPoolExecutor starter = new java.util.concurrent.ThreadPoolExecutor(
      1, 1, 0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(10_000),
      r -> new Thread(r, "pulse-web-survey-start"), new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());

  @jakarta.annotation.PreDestroy
  void drainStarts() throws InterruptedException {
    starter.shutdown();
    if (!starter.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
      LOG.warn("{} web-survey lifecycle start(s) left for reconciliation at shutdown", starter.shutdownNow().size());
    }
  }

  /**
   * The visitor's contact as a Recipient (when the contact id is known and exists), each published
   * WEB survey as a WebSurvey, and a VisitorHistory per survey this visitor (or contact) was shown
   * or answered.
   */
  public VisitorFacts facts(String visitorId, String contactId) {
    List<Object> facts = new ArrayList<>();
    Optional<Contact> contact = contactId == null ? Optional.empty() : contacts.find(contactId);
    contact.ifPresent(c -> facts.add(recipients.recipient(c, false)));
    Published published = published();
    Map<String, Survey> byKey = published.byKey();
    facts.addAll(published.facts());
    if (!byKey.isEmpty()) {
      facts.addAll(history(visitorId, contactId));
    }
    return new VisitorFacts(facts, byKey, contact);
  }

  private record Published(String version, Map<String, Survey> byKey, List<WebSurvey> facts) {}

  private volatile Published published;

  /**
   * The published WEB surveys and their facts, read again only when one changed (a cheap
   * version query per call, so every replica sees an edit at once). The facts are shared by
   * concurrent evaluations; no targeting rule modifies them.
   */
  private Published published() {
    String version = surveys.publishedVersion(SurveyInput.Delivery.WEB);
    Published current = published;
    if (current != null && current.version().equals(version)) {
      return current;
    }
    Map<String, Survey> byKey = new LinkedHashMap<>();
    List<WebSurvey> facts = new ArrayList<>();
    for (Survey s : surveys.published(SurveyInput.Delivery.WEB)) {
      WebSurvey fact = fact(s);
      byKey.put(fact.getKey(), s);
      facts.add(fact);
    }
    Published loaded = new Published(version, Map.copyOf(byKey), List.copyOf(facts));
    published = loaded;
    return loaded;
  }

  /** A WEB survey's intercept as the targeting rules see it. */
  static WebSurvey fact(Survey s) {
    WebSurvey fact = new WebSurvey();
    fact.setSurveyId(s.id());
    SurveyInput d = s.definition();
    SurveyInput.WebTargeting t = d.webTargeting();
    if (t != null) {
      fact.setPages(t.pages());
      fact.setExcludedPages(t.excludedPages());
      fact.setWho(t.who() == null ? WebAudience.ALL : WebAudience.of(t.who().name()));
      fact.setShowOnMobile(t.showOnMobile() == null || t.showOnMobile());
      if (t.priority() != null) {
        fact.setPriority(t.priority());
      }
      if (t.frequency() != null) {
        fact.setFrequency(Frequency.of(t.frequency().type().name()));
        fact.setFrequencyDays(t.frequency().days() == null ? 0 : t.frequency().days());
      }
      if (t.trigger() != null) {
        fact.setTrigger(t.trigger().type().name());
        fact.setTriggerValue(t.trigger().value());
      }
    }
    if (d.recipients() != null) {
      fact.setListIds(d.recipients().listIds() == null ? new HashSet<>() : new HashSet<>(d.recipients().listIds()));
      List<FilterGroup> groups = new ArrayList<>();
      if (d.recipients().filterGroups() != null) {
        for (SurveyInput.FilterGroupInput g : d.recipients().filterGroups()) {
          groups.add(g.toFact(groups.size()));
        }
      }
      fact.setFilterGroups(groups);
    }
    return fact;
  }

  /** What this visitor was shown, and which web surveys the visitor (or the contact, on any device) answered. */
  private List<VisitorHistory> history(String visitorId, String contactId) {
    Map<String, VisitorHistory> bySurvey = new HashMap<>();
    jdbc.query("SELECT survey_id, last_shown_at FROM web_survey_impressions WHERE visitor_id = ?", rs -> {
      Timestamp shown = rs.getTimestamp("last_shown_at");
      bySurvey.put(rs.getString("survey_id"), new VisitorHistory(visitorId, rs.getString("survey_id"), shown == null ? null : shown.toInstant(), false));
    }, visitorId);
    jdbc.query(
        "SELECT DISTINCT survey_id FROM deliveries WHERE channel = 'WEB' AND status = 'ANSWERED' AND contact_id IN (?, ?)",
        rs -> {
          bySurvey.computeIfAbsent(rs.getString(1), id -> new VisitorHistory(visitorId, id, null, false)).setAnswered(true);
        },
        visitorRecipient(visitorId), contactId == null ? visitorRecipient(visitorId) : contactId);
    return new ArrayList<>(bySurvey.values());
  }

  static String visitorRecipient(String visitorId) {
    return "visitor:" + visitorId;
  }

  /**
   * Serves the chosen web survey to the visitor: counts it, opens (or reuses) the visitor's
   * delivery and returns what the widget shows, with the answer token.
   */
  public Map<String, Object> serve(Survey survey, String visitorId, Optional<Contact> contact, String trigger, String page) {
    String recipient = contact.map(Contact::id).orElse(visitorRecipient(visitorId));
    SurveyInput d = survey.definition();
    Duration window = Duration.ofDays(Surveys.windowDays(d));
    Opened opened = tx.execute(status -> {
      // the upsert locks the visitor's row: two page views at once share one delivery
      String current = jdbc.queryForObject(
          "INSERT INTO web_survey_impressions (visitor_id, survey_id, contact_id, served_count, last_served_at) VALUES (?, ?, ?, 1, now())"
              + " ON CONFLICT (visitor_id, survey_id) DO UPDATE SET served_count = web_survey_impressions.served_count + 1, last_served_at = now(),"
              + " contact_id = coalesce(EXCLUDED.contact_id, web_survey_impressions.contact_id) RETURNING delivery_id",
          String.class, visitorId, survey.id(), contact.map(Contact::id).orElse(null));
      Optional<Delivery> open = Optional.ofNullable(current).flatMap(deliveries::find)
          .filter(x -> x.status() == Delivery.Status.SENT && x.contactId().equals(recipient) && x.expiresAt().isAfter(Instant.now()));
      if (open.isPresent()) {
        return new Opened(open.get().id(), open.get().expiresAt(), false);
      }
      String id = UUID.randomUUID().toString();
      Instant expiresAt = Instant.now().plus(window);
      String agent = contact.map(Contact::ownerId).orElse(null);
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("visitorId", visitorId);
      context.put("page", page);
      deliveries.insertWebDelivery(id, survey.id(), recipient, deliveries.nextCycle(survey.id(), recipient), expiresAt, agent, agentTeams.mainTeamOf(agent), json.write(context));
      jdbc.update("UPDATE web_survey_impressions SET delivery_id = ? WHERE visitor_id = ? AND survey_id = ?", id, visitorId, survey.id());
      outbox.event("survey.sent", id, Map.of("surveyId", survey.id(), "contactId", recipient, "deliveryId", id, "channel", "WEB"));
      return new Opened(id, expiresAt, true);
    });
    if (opened.created()) {
      starter.execute(() -> start(survey, opened.deliveryId(), recipient));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("surveyId", survey.id());
    out.put("name", d.name());
    out.put("type", d.type());
    out.put("scale", Map.of("min", d.type().min, "max", d.type().max));
    out.put("language", Surveys.language(d));
    out.put("question", Surveys.question(d));
    out.put("trigger", trigger);
    out.put("deliveryId", opened.deliveryId());
    out.put("token", links.token(opened.deliveryId(), opened.expiresAt()));
    out.put("expiresAt", opened.expiresAt());
    Map<String, Object> followUp = new LinkedHashMap<>();
    Map<String, Object> thanks = new LinkedHashMap<>();
    for (String bucket : List.of("UNHAPPY", "NEUTRAL", "HAPPY")) {
      followUp.put(bucket.toLowerCase(java.util.Locale.ROOT), Surveys.followUpQuestion(d, bucket));
      thanks.put(bucket.toLowerCase(java.util.Locale.ROOT), Surveys.thankYou(d, bucket));
    }
    out.put("followUpQuestion", followUp);
    out.put("thankYou", thanks);
    out.put("consentMode", d.consentMode() == null ? SurveyInput.ConsentMode.NONE : d.consentMode());
    out.put("consentText", d.consentText());
    return out;
  }

  private record Opened(String deliveryId, Instant expiresAt, boolean created) {}

  /**
   * The delivery's lifecycle from "await answer"; if this fails, reconciliation starts it later.
   * The delivery's row is locked while the instance starts, so an erasure or a reconciliation of
   * the same delivery waits and then sees the key (or this sees theirs, and does nothing).
   */
  private void start(Survey survey, String deliveryId, String recipient) {
    try {
      tx.executeWithoutResult(status -> {
        List<Map<String, Object>> rows = jdbc.queryForList(
            "SELECT status, contact_id, process_instance_key FROM deliveries WHERE id = ? FOR UPDATE", deliveryId);
        if (rows.isEmpty()) {
          return;
        }
        Map<String, Object> row = rows.get(0);
        // an answer that came first is a buffered message the new instance takes at once; an erased,
        // expired or already resumed delivery needs nothing
        boolean open = "SENT".equals(row.get("status")) || "ANSWERED".equals(row.get("status"));
        if (!open || row.get("process_instance_key") != null || !recipient.equals(row.get("contact_id"))) {
          return;
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(SurveyLifecycleProcess.VARIABLE_DELIVERY_ID, deliveryId);
        v.put(SurveyLifecycleProcess.VARIABLE_SURVEY_ID, survey.id());
        v.put(SurveyLifecycleProcess.VARIABLE_CONTACT_ID, recipient);
        v.put(SurveyLifecycleProcess.VARIABLE_REMINDER_AFTER, Surveys.reminderAfter(survey.definition()).toString());
        v.put(SurveyLifecycleProcess.VARIABLE_EXPIRE_AFTER_REMINDER, Surveys.afterReminder(survey.definition()).toString());
        deliveries.setProcessInstance(deliveryId, processes.startBefore(SurveyLifecycleProcess.ID, SurveyLifecycleProcess.GATEWAY_AWAIT_ANSWER, v));
      });
    } catch (RuntimeException e) {
      LOG.warn("Web-survey delivery {} is open but its lifecycle did not start ({}); reconciliation will start it", deliveryId, e.getMessage());
    }
  }

  /**
   * The widget displayed the web survey it was served (its trigger fired): this is what the
   * frequency rules count. False when the token names no served web survey.
   */
  public boolean shown(String deliveryId) {
    return jdbc.update(
            "UPDATE web_survey_impressions SET shown_count = shown_count + 1, last_shown_at = now() WHERE delivery_id = ?", deliveryId)
        > 0;
  }
}
