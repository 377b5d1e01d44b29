package dev.pulse.conversations;

import dev.pulse.platform.Json;
import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import dev.pulse.platform.events.Outbox;
import dev.pulse.rules.CompiledRuleBase;
import dev.pulse.rules.RuleBases;
import dev.pulse.rules.RuleDomain;
import dev.pulse.rules.Scenarios;
import dev.pulse.rules.facts.Assign;
import dev.pulse.rules.facts.ConversationToRoute;
import dev.pulse.rules.facts.Queue;
import dev.pulse.rules.facts.RoutingPolicy;
import dev.pulse.surveys.SurveyService;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The job workers of the {@code conversation} process: routing, the SLA check, the chat survey. */
@Component
public class ConversationWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(ConversationWorkers.class);
  static final Duration DEFAULT_FIRST_RESPONSE = Duration.ofHours(1);

  private final JdbcTemplate jdbc;
  private final InboxRepository inboxes;
  private final ConversationService conversations;
  private final ContactService contacts;
  private final RuleBases rules;
  private final SurveyService surveys;
  private final Outbox outbox;
  private final TransactionTemplate tx;
  private final Json json;
  private final JavaMailSender mail;
  private final String from;

  ConversationWorkers(JdbcTemplate jdbc, InboxRepository inboxes, ConversationService conversations, ContactService contacts, RuleBases rules,
      SurveyService surveys, Outbox outbox, TransactionTemplate tx, Json json, JavaMailSender mail,
      @org.springframework.beans.factory.annotation.Value("${pulse.mail.from:surveys@pulse.local}") String from) {
    this.mail = mail;
    this.from = from;
    this.jdbc = jdbc;
    this.inboxes = inboxes;
    this.conversations = conversations;
    this.contacts = contacts;
    this.rules = rules;
    this.surveys = surveys;
    this.outbox = outbox;
    this.tx = tx;
    this.json = json;
  }

  /** Asks the assignment rules; stores the decision with its trace either way. */
  @JobWorker(type = "route-conversation")
  public Map<String, Object> route(@Variable String conversationId) {
    Map<String, Object> c = conversations.get(conversationId);
    if ("CLOSED".equals(c.get("status"))) {
      return Map.of("assigned", false);
    }
    String inboxId = (String) c.get("inbox_id");
    InboxModel.Inbox inbox = inboxes.inbox(inboxId).orElse(null);
    Contact contact = contacts.find((String) c.get("contact_id")).orElse(null);
    ConversationToRoute toRoute = new ConversationToRoute();
    toRoute.setConversationId(conversationId);
    toRoute.setChannel((String) c.get("channel_type"));
    toRoute.setInboxId(inboxId);
    toRoute.setContactOwnerId(contact == null ? null : contact.ownerId());
    List<Object> facts = new ArrayList<>(inboxes.agentFacts());
    facts.add(toRoute);
    if (inbox != null && inbox.routing() != null) {
      RoutingPolicy policy = new RoutingPolicy();
      policy.setInboxId(inboxId);
      policy.setMode(inbox.routing().mode());
      policy.setUserIds(inbox.routing().userIds() == null ? new HashSet<>() : new HashSet<>(inbox.routing().userIds()));
      policy.setTeamIds(inbox.routing().teamIds() == null ? new HashSet<>() : new HashSet<>(inbox.routing().teamIds()));
      policy.setOnlyAvailable(Boolean.TRUE.equals(inbox.routing().onlyAvailable()));
      facts.add(policy);
    }
    RuleBases.Evaluated result = rules.evaluate(RuleDomain.ASSIGNMENT, facts);
    CompiledRuleBase.Evaluation e = result.evaluation();
    Optional<Assign> assign = e.decisions(Assign.class).stream().filter(a -> conversationId.equals(a.getConversationId())).findFirst();
    Map<String, Object> trace = new LinkedHashMap<>();
    trace.put("rulesVersion", result.version());
    trace.put("decisions", e.decisions().stream().map(Scenarios::describe).toList());
    trace.put("firedRules", e.firedRules());
    trace.put("decidedAt", Instant.now().toString());
    if (assign.isPresent()) {
      String agentId = assign.get().getAgentId();
      String previous = (String) c.get("assignee_id");
      tx.executeWithoutResult(s -> {
        jdbc.update("UPDATE conversations SET status = 'ASSIGNED', assignee_id = ?, queued_at = NULL, routing = ?::jsonb WHERE id = ? AND status <> 'CLOSED'",
            agentId, json.write(trace), conversationId);
        inboxes.touchAssigned(agentId);
        if (!agentId.equals(previous)) {
          outbox.event("conversation.assigned", conversationId, Map.of("conversationId", conversationId, "agentId", agentId, "why", assign.get().getWhy(), "rule", assign.get().getRule()));
        }
      });
      Map<String, Object> out = new HashMap<>();
      out.put("assigned", true);
      out.put("assigneeId", agentId);
      BusinessCalendar calendar = calendar(inbox);
      Duration firstResponse = inbox != null && inbox.sla() != null && inbox.sla().firstResponse() != null ? inbox.sla().firstResponse() : DEFAULT_FIRST_RESPONSE;
      Instant opened = ((java.sql.Timestamp) c.get("opened_at")).toInstant();
      out.put("firstResponseDue", calendar.addBusinessTime(opened, firstResponse).toString());
      boolean ticket = inboxes.channel((String) c.get("channel_id")).map(InboxRepository.ChannelRow::createTickets).orElse(false) && c.get("ticket_id") == null;
      out.put("createTicket", ticket);
      out.put("ticketSourceKey", "conversation:" + conversationId);
      out.put("ticketSubject", "Conversation with " + (contact == null ? c.get("contact_id") : name(contact)));
      out.put("ticketOwnerId", agentId);
      out.put("contactId", c.get("contact_id"));
      return out;
    }
    String reason = e.decisions(Queue.class).stream().findFirst().map(Queue::getReason).orElse("no decision");
    tx.executeWithoutResult(s -> {
      if (jdbc.update("UPDATE conversations SET status = 'QUEUED', queued_at = coalesce(queued_at, now()), assignee_id = NULL, routing = ?::jsonb WHERE id = ? AND status <> 'CLOSED'",
          json.write(trace), conversationId) == 1 && !"QUEUED".equals(c.get("status"))) {
        outbox.event("conversation.queued", conversationId, Map.of("conversationId", conversationId, "reason", reason));
      }
    });
    return Map.of("assigned", false);
  }

  /** The first-response SLA's moment: no reply yet is a breach. */
  @JobWorker(type = "check-first-response")
  public void checkFirstResponse(@Variable String conversationId) {
    Map<String, Object> c = conversations.get(conversationId);
    if (c.get("first_response_at") != null || "CLOSED".equals(c.get("status"))) {
      return;
    }
    breach(c, "first-response", conversationId);
  }

  /** The next-response SLA's moment: no agent reply since the customer's message is a breach. */
  @JobWorker(type = "check-next-response")
  public void checkNextResponse(@Variable String conversationId, @Variable String customerMessageAt) {
    Map<String, Object> c = conversations.get(conversationId);
    java.sql.Timestamp lastAgent = (java.sql.Timestamp) c.get("last_agent_at");
    if ("CLOSED".equals(c.get("status")) || (lastAgent != null && !lastAgent.toInstant().isBefore(Instant.parse(customerMessageAt)))) {
      return;
    }
    breach(c, "next-response", conversationId + "@" + customerMessageAt);
  }

  /** Once per breach: {@code sla.breached} on pulse.events, and a mail to the assignee. */
  private void breach(Map<String, Object> c, String sla, String key) {
    String conversationId = (String) c.get("id");
    String assignee = (String) c.get("assignee_id");
    Boolean first = tx.execute(s -> {
      if (jdbc.update("INSERT INTO processed_events (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING", "sla." + sla, key) != 1) {
        return false;
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("conversationId", conversationId);
      data.put("sla", sla);
      data.put("assigneeId", assignee);
      outbox.event("sla.breached", conversationId, data);
      return true;
    });
    if (Boolean.TRUE.equals(first) && assignee != null) {
      inboxes.agent(assignee).map(a -> (String) a.get("email")).filter(e -> e != null && !e.isBlank()).ifPresent(email -> {
        try {
          SimpleMailMessage mail = new SimpleMailMessage();
          mail.setFrom(from);
          mail.setTo(email);
          mail.setSubject("SLA breached (" + sla + "): conversation " + conversationId);
          mail.setText("The " + sla + " time of conversation " + conversationId + " has passed without a reply.");
          this.mail.send(mail);
        } catch (RuntimeException e) {
          LOG.warn("Could not mail the SLA breach of {} to {}: {}", conversationId, email, e.toString());
        }
      });
    }
  }

  /** On close: the inbox's chat survey, when the conversation passes the recipients rules. */
  @JobWorker(type = "send-chat-survey")
  public Map<String, Object> sendChatSurvey(@Variable String conversationId, @Variable String chatSurveyId) {
    Map<String, Object> c = conversations.get(conversationId);
    Contact contact = contacts.find((String) c.get("contact_id")).orElse(null);
    if (contact == null) {
      return Map.of("chatSurvey", "no contact");
    }
    Map<String, Object> summary = new HashMap<>();
    summary.put("agentReplied", c.get("last_agent_at") != null);
    summary.put("customerWrote", c.get("last_customer_at") != null);
    summary.put("autoClosed", false);
    try {
      var triggered = surveys.trigger(chatSurveyId, contact, conversationId, (String) c.get("assignee_id"), null, summary);
      return Map.of("chatSurvey", triggered.eligible() ? "sent" : "not sent: " + triggered.reason());
    } catch (RuntimeException e) {
      LOG.warn("The chat survey {} of conversation {} was not sent: {}", chatSurveyId, conversationId, e.getMessage());
      return Map.of("chatSurvey", "not sent: " + e.getMessage());
    }
  }

  private BusinessCalendar calendar(InboxModel.Inbox inbox) {
    if (inbox == null || inbox.calendarId() == null) {
      return BusinessCalendar.ALWAYS_OPEN;
    }
    return inboxes.calendar(inbox.calendarId()).map(BusinessCalendar::of).orElse(BusinessCalendar.ALWAYS_OPEN);
  }

  private static String name(Contact c) {
    String n = ((c.firstname() == null ? "" : c.firstname()) + " " + (c.lastname() == null ? "" : c.lastname())).strip();
    return n.isEmpty() ? (c.email() == null ? c.id() : c.email()) : n;
  }
}
