package dev.pulse.surveys;

import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import dev.pulse.platform.events.Outbox;
import dev.pulse.platform.events.ProcessedEvents;
import dev.pulse.platform.events.Topics;
import dev.pulse.rules.RuleBases;
import dev.pulse.rules.RuleDomain;
import dev.pulse.surveys.facts.Bucket;
import dev.pulse.surveys.facts.Response;
import dev.pulse.processes.JobRetries;
import dev.pulse.surveys.facts.SurveyType;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job workers of {@code survey-lifecycle} and the default follow-ups. Thin: each loads what it
 * needs by id, acts, and returns only the variables it changed. Each is safe to run twice for the
 * same job (a timeout or a crash redelivers it): state changes are conditional on the delivery's
 * current state, and mail goes out only on the transition that sends it.
 */
@Component
public class SurveyWorkers {

  private final DeliveryRepository deliveries;
  private final SurveyRepository surveys;
  private final ContactService contacts;
  private final RecipientFacts facts;
  private final RecipientDecisions decisions;
  private final RuleBases rules;
  private final ResponseService responses;
  private final SurveyMailer mailer;
  private final AnswerLinks links;
  private final Outbox outbox;
  private final ProcessedEvents once;
  private final TransactionTemplate tx;
  private final AgentTeams agentTeams;
  private final JobRetries retries;

  private final SurveyTokens tokens;

  SurveyWorkers(
      DeliveryRepository deliveries,
      SurveyRepository surveys,
      ContactService contacts,
      RecipientFacts facts,
      RecipientDecisions decisions,
      RuleBases rules,
      ResponseService responses,
      SurveyMailer mailer,
      AnswerLinks links,
      Outbox outbox,
      ProcessedEvents once,
      TransactionTemplate tx,
      AgentTeams agentTeams,
      JobRetries retries,
      SurveyTokens tokens) {
    this.tokens = tokens;
    this.agentTeams = agentTeams;
    this.retries = retries;
    this.deliveries = deliveries;
    this.surveys = surveys;
    this.contacts = contacts;
    this.facts = facts;
    this.decisions = decisions;
    this.rules = rules;
    this.responses = responses;
    this.mailer = mailer;
    this.links = links;
    this.outbox = outbox;
    this.once = once;
    this.tx = tx;
  }

  @JobWorker(type = SurveyLifecycleProcess.JOB_EVALUATE_RECIPIENT)
  public Map<String, Object> evaluateRecipient(@Variable String deliveryId) {
    return check(deliveryId);
  }

  @JobWorker(type = SurveyLifecycleProcess.JOB_RECHECK_RECIPIENT)
  public Map<String, Object> recheckRecipient(@Variable String deliveryId) {
    return check(deliveryId);
  }

  /** Still eligible? The survey published, the contact there, the recipients rules saying yes. */
  private Map<String, Object> check(String deliveryId) {
    Delivery d = delivery(deliveryId);
    if (d.status() == Delivery.Status.SKIPPED) {
      return Map.of("eligible", false, "skipReason", d.skipReason());
    }
    if (d.status() != Delivery.Status.SCHEDULED) {
      return Map.of("eligible", true);
    }
    Survey survey = surveys.find(d.surveyId()).orElseThrow();
    if (survey.status() != Survey.Status.PUBLISHED) {
      return skip(d, "the survey is " + survey.status().name().toLowerCase());
    }
    Contact contact = contacts.find(d.contactId()).orElse(null);
    if (contact == null) {
      return skip(d, "the contact no longer exists");
    }
    String because = deliveries.enrolledBecause(d.id());
    RecipientDecisions.Decision decision = decisions.decide(survey.id(), contact.id(), facts.of(survey, contact, false, d.context()),
        "checked again before sending" + (because == null ? "" : "; enrolled because: " + because));
    return decision.eligible() ? Map.of("eligible", true) : skip(d, decision.reason() + " (rule: " + decision.rule() + ")");
  }

  private Map<String, Object> skip(Delivery d, String reason) {
    tx.executeWithoutResult(s -> {
      if (deliveries.markSkipped(d.id(), reason)) {
        outbox.event("survey.skipped", d.id(), Map.of("surveyId", d.surveyId(), "contactId", d.contactId(), "deliveryId", d.id(), "reason", reason));
      }
    });
    return Map.of("eligible", false, "skipReason", reason);
  }

  @JobWorker(type = SurveyLifecycleProcess.JOB_SEND_SURVEY)
  public Map<String, Object> sendSurvey(ActivatedJob job, @Variable String deliveryId) {
    Delivery d = delivery(deliveryId);
    Survey survey = surveys.find(d.surveyId()).orElseThrow();
    int window = Surveys.windowDays(survey.definition());
    Map<String, Object> timing = Map.of("reminderAfter", Surveys.reminderAfter(survey.definition()).toString(),
        "expireAfterReminder", Surveys.afterReminder(survey.definition()).toString());
    if (d.status() != Delivery.Status.SCHEDULED) {
      return timing; // sent before this job was redelivered
    }
    Contact contact = contacts.find(d.contactId()).orElseThrow();
    // recorded before anything leaves: a send repeated after a crash between the mail and the
    // mark below gets the same expiry, so the same link, and the mail the same Message-ID
    DeliveryRepository.SendStart start = deliveries.beginSend(d.id(), Instant.now().plus(Duration.ofDays(window))).orElse(null);
    if (start == null) {
      return timing; // no longer scheduled: sent or skipped meanwhile
    }
    Instant expiresAt = start.expiresAt();
    String token = links.token(d.id(), expiresAt);
    if (start.repeated()) {
      org.slf4j.LoggerFactory.getLogger(SurveyWorkers.class)
          .warn("Delivery {}: an earlier send began and was not marked sent; sending again with the same link and Message-ID", d.id());
    }
    switch (survey.definition().delivery()) {
      case EMAIL -> mailing(job, "the survey mail of delivery " + d.id(), () -> mailer.sendSurvey(survey, contact, token, false, d.id(), d.agentId()));
      case CHAT -> {
        Map<String, Object> message = new HashMap<>();
        message.put("deliveryId", d.id());
        message.put("conversationId", d.conversationId());
        message.put("surveyId", survey.id());
        message.put("question", Surveys.question(survey.definition()));
        message.put("token", token);
        Map<String, String> scoreLinks = new java.util.LinkedHashMap<>();
        for (int score = survey.definition().type().min; score <= survey.definition().type().max; score++) {
          scoreLinks.put(String.valueOf(score), mailer.link(token, score));
        }
        message.put("links", scoreLinks);
        outbox.append(Topics.OUTBOUND_MESSAGES, d.conversationId() == null ? d.id() : d.conversationId(), "survey.chat", message);
      }
      case WEB -> { } // shown by the targeting endpoint while the delivery is SENT
    }
    tx.executeWithoutResult(s -> {
      // credit fixed now: the conversation's assignee when triggered by one, else the contact owner,
      // and the conversation's team, else the credited agent's main team
      String agent = d.agentId() != null ? d.agentId() : contact.ownerId();
      String team = d.teamId() != null ? d.teamId() : agentTeams.mainTeamOf(agent);
      if (deliveries.markSent(d.id(), expiresAt, agent, team)) {
        outbox.event("survey.sent", d.id(), Map.of("surveyId", survey.id(), "contactId", contact.id(), "deliveryId", d.id(), "channel", d.channel()));
      }
    });
    return timing;
  }

  @JobWorker(type = SurveyLifecycleProcess.JOB_SEND_REMINDER)
  public void sendReminder(ActivatedJob job, @Variable String deliveryId) {
    Delivery d = delivery(deliveryId);
    if (d.status() != Delivery.Status.SENT || d.remindedAt() != null) {
      return;
    }
    Survey survey = surveys.find(d.surveyId()).orElseThrow();
    if (survey.definition().delivery() == SurveyInput.Delivery.EMAIL) {
      Contact contact = contacts.find(d.contactId()).orElseThrow();
      mailing(job, "the reminder of delivery " + d.id(), () -> mailer.sendSurvey(survey, contact, links.token(d.id(), d.expiresAt()), true, d.id(), d.agentId()));
    }
    deliveries.markReminded(d.id());
  }

  @JobWorker(type = SurveyLifecycleProcess.JOB_EXPIRE_DELIVERY)
  public void expireDelivery(@Variable String deliveryId) {
    Delivery d = delivery(deliveryId);
    tx.executeWithoutResult(s -> {
      if (deliveries.markExpired(d.id())) {
        outbox.event("survey.expired", d.id(), Map.of("surveyId", d.surveyId(), "contactId", d.contactId(), "deliveryId", d.id()));
      }
    });
  }

  /** The lifecycle's end listener: the delivery is done, follow-up included; reconciliation leaves it alone. */
  @JobWorker(type = SurveyLifecycleProcess.JOB_COMPLETE_DELIVERY)
  public void completeDelivery(@Variable String deliveryId) {
    deliveries.markCompleted(deliveryId);
  }

  /** The bucket by the scoring rules, and what its follow-up needs. */
  @JobWorker(type = SurveyLifecycleProcess.JOB_CLASSIFY_RESPONSE)
  public Map<String, Object> classifyResponse(@Variable String deliveryId) {
    SurveyResponse r = responses.find(deliveryId).orElseThrow(() -> new IllegalStateException("no response stored for delivery " + deliveryId));
    Survey survey = surveys.find(r.surveyId()).orElseThrow();
    List<Bucket> buckets = rules.evaluate(RuleDomain.SCORING, List.of(new Response(r.id(), SurveyType.of(r.surveyType()), r.score()))).evaluation().decisions(Bucket.class);
    if (buckets.isEmpty()) {
      throw new IllegalStateException("the scoring rules gave no bucket for " + r.surveyType() + " score " + r.score());
    }
    String bucket = buckets.get(0).getBucket().name();
    responses.setBucket(r.id(), bucket);
    Contact contact = contacts.find(r.contactId()).orElse(null);
    Map<String, Object> out = new HashMap<>();
    out.put("bucket", bucket);
    out.put(SurveyLifecycleProcess.VARIABLE_FOLLOW_UP_PROCESS_ID, Surveys.followUpOverride(survey.definition(), bucket));
    out.put("ticketSourceKey", "survey-response:" + r.id());
    out.put("ticketSubject", survey.definition().name() + ": " + r.surveyType() + " " + r.score() + " from " + (contact == null ? r.contactId() : name(contact)));
    out.put("ticketOwnerId", contact == null ? null : contact.ownerId());
    return out;
  }

  @JobWorker(type = SurveyLifecycleProcess.JOB_NOTIFY_TEAM)
  public void notifyTeam(ActivatedJob job, @Variable String deliveryId) {
    SurveyResponse r = responses.find(deliveryId).orElseThrow();
    Survey survey = surveys.find(r.surveyId()).orElseThrow();
    SurveyInput.Notifications n = survey.definition().notifications();
    java.util.Set<String> to = new java.util.LinkedHashSet<>();
    if (n != null && n.emails() != null) {
      to.addAll(n.emails());
    }
    if (n != null && n.teams() != null && !n.teams().isEmpty()) {
      to.addAll(agentTeams.emails(n.teams()));
    }
    if (to.isEmpty()) {
      return;
    }
    if (Boolean.TRUE.equals(n.onlyWithComments()) && (r.comment() == null || r.comment().isBlank())) {
      return;
    }
    Contact contact = contacts.find(r.contactId()).orElse(null);
    String who = contact == null ? r.contactId() : name(contact);
    // claimed and sent in one transaction: a failed send leaves no claim, so the retry sends it
    mailing(job, "the team notification of delivery " + deliveryId, () -> tx.executeWithoutResult(s -> {
      if (once.firstTime("notify-team", deliveryId)) {
        mailer.sendPlain(
            List.copyOf(to),
            "New " + r.surveyType() + " response: " + r.score() + " (" + String.valueOf(r.bucket()).toLowerCase() + ") from " + who,
            "Survey: " + survey.definition().name() + "\nContact: " + who + "\nScore: " + r.score() + "\nBucket: " + r.bucket()
                + "\nComment: " + (r.comment() == null ? "(none)" : r.comment()) + "\n");
      }
    }));
  }

  @JobWorker(type = FollowUpHappyProcess.JOB_SEND_THANK_YOU)
  public void sendThankYou(ActivatedJob job, @Variable String deliveryId) {
    SurveyResponse r = responses.find(deliveryId).orElseThrow();
    Contact contact = contacts.find(r.contactId()).orElse(null);
    if (contact == null || contact.email() == null) {
      return;
    }
    Survey survey = surveys.find(r.surveyId()).orElseThrow();
    SurveyInput.ThankYou thanks = Surveys.thankYou(survey.definition(), String.valueOf(r.bucket()));
    mailing(job, "the thank-you of delivery " + deliveryId, () -> tx.executeWithoutResult(s -> {
      if (once.firstTime("send-thank-you", deliveryId)) {
        SurveyTokens.Values values = tokens.values(survey, contact, r.agentId());
        mailer.sendPlain(List.of(contact.email()), values.fill(thanks.heading()), values.fill(thanks.body()));
      }
    }));
  }

  /** Runs a send; an SMTP failure fails the job for a later retry (an incident when none are left). */
  private void mailing(ActivatedJob job, String what, Runnable send) {
    try {
      send.run();
    } catch (MailException e) {
      throw retries.retryLater(job, "Could not send " + what, e);
    }
  }

  private Delivery delivery(String id) {
    return deliveries.find(id).orElseThrow(() -> new IllegalStateException("no delivery " + id));
  }

  private static String name(Contact c) {
    String name = ((c.firstname() == null ? "" : c.firstname()) + " " + (c.lastname() == null ? "" : c.lastname())).strip();
    return name.isEmpty() ? (c.email() == null ? c.id() : c.email()) : name;
  }

}
