package dev.pulse.conversations;

import dev.pulse.platform.Json;
import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import dev.pulse.platform.events.Outbox;
import dev.pulse.platform.events.ProcessedEvents;
import dev.pulse.rules.CompiledRuleBase;
import dev.pulse.rules.RuleBases;
import dev.pulse.rules.RuleDomain;
import dev.pulse.conversations.facts.Assign;
import dev.pulse.conversations.facts.ConversationToRoute;
import dev.pulse.conversations.facts.Queue;
import dev.pulse.conversations.facts.RoutingMode;
import dev.pulse.conversations.facts.RoutingPolicy;
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
  private final ConversationReads reads;
  private final ContactService contacts;
  private final RuleBases rules;
  private final SurveyService surveys;
  private final Outbox outbox;
  private final ProcessedEvents processedEvents;
  private final dev.pulse.crm.ConversationTickets tickets;
  private final TransactionTemplate tx;
  private final Json json;
  private final JavaMailSender mail;
  private final String from;

  ConversationWorkers(JdbcTemplate jdbc, InboxRepository inboxes, ConversationService conversations, ConversationReads reads, ContactService contacts, RuleBases rules,
      SurveyService surveys, Outbox outbox, ProcessedEvents processedEvents, dev.pulse.crm.ConversationTickets tickets, TransactionTemplate tx, Json json, JavaMailSender mail,
      @org.springframework.beans.factory.annotation.Value("${pulse.mail.from:surveys@pulse.local}") String from) {
    this.mail = mail;
    this.from = from;
    this.jdbc = jdbc;
    this.inboxes = inboxes;
    this.conversations = conversations;
    this.reads = reads;
    this.contacts = contacts;
    this.rules = rules;
    this.surveys = surveys;
    this.outbox = outbox;
    this.processedEvents = processedEvents;
    this.tickets = tickets;
    this.tx = tx;
    this.json = json;
  }

  /**
   * Routes a conversation. An assigned one keeps its assignee when it was assigned by hand while
   * it waited, or, when the assignee's silence or going away brought it here, while
   * the assignee still serves it (available, and has answered the customer's last message);
   * otherwise the assignment rules decide again, without that assignee. Waiting conversations
   * are served in order: before one is decided, the older queued conversations of its inbox are.
   * Every decision is stored with its trace.
   */
  @JobWorker(type = ConversationProcess.JOB_ROUTE_CONVERSATION)
  public Map<String, Object> route(@Variable String conversationId, @Variable Boolean assigned) {
    Map<String, Object> c = reads.get(conversationId);
    if ("CLOSED".equals(c.get("status"))) {
      return Map.of("assigned", false);
    }
    String current = (String) c.get("assignee_id");
    boolean handBack = Boolean.TRUE.equals(assigned); // from the open conversation: silent too long, or went away
    if ("ASSIGNED".equals(c.get("status")) && current != null && (!handBack || stillServing(c, current))) {
      return assignedVariables(c, current);
    }
    String inboxId = (String) c.get("inbox_id");
    if (!handBack) {
      notifyOfflineOwner(c);
    }
    List<String> servedFirst = new ArrayList<>();
    Optional<String> agent = tx.execute(s -> {
      // one router per inbox at a time, so that the queue's order holds
      jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> {}, "pulse.queue:" + inboxId);
      Map<String, Object> locked = reads.get(conversationId); // as it is now, under the lock
      if ("CLOSED".equals(locked.get("status"))) {
        return Optional.<String>empty();
      }
      if (!handBack && "ASSIGNED".equals(locked.get("status")) && locked.get("assignee_id") != null) {
        return Optional.of((String) locked.get("assignee_id")); // assigned by hand in the meantime
      }
      if (!handBack) {
        for (String older : olderQueued(inboxId, conversationId, (java.sql.Timestamp) locked.get("queued_at"))) {
          decide(reads.get(older), null).ifPresent(a -> servedFirst.add(older));
        }
      }
      return decide(locked, handBack ? current : null);
    });
    servedFirst.forEach(conversations::wake); // their processes find them assigned and go on
    if (agent.isPresent() && "QUEUED".equals(c.get("status"))) {
      conversations.nudgeQueue(inboxId); // an agent was free: the next in line may find one too
    }
    return agent.map(a -> assignedVariables(reads.get(conversationId), a)).orElse(Map.of("assigned", false));
  }

  private boolean isAvailable(String agentId) {
    return inboxes.agent(agentId).map(a -> "available".equals(a.get("status"))).orElse(false);
  }

  /** Available, and not silent since the customer's last message. */
  private boolean stillServing(Map<String, Object> c, String agentId) {
    boolean available = inboxes.agent(agentId).map(a -> "available".equals(a.get("status"))).orElse(false);
    java.sql.Timestamp customer = (java.sql.Timestamp) c.get("last_customer_at");
    java.sql.Timestamp agent = (java.sql.Timestamp) c.get("last_agent_at");
    boolean silent = customer != null && (agent == null || agent.before(customer));
    return available && !silent;
  }

  /** The inbox's queued conversations that have waited longer than this one (all of them for a new one), oldest first. */
  private List<String> olderQueued(String inboxId, String conversationId, java.sql.Timestamp queuedAt) {
    return jdbc.queryForList(
        "SELECT id FROM conversations WHERE inbox_id = ? AND status = 'QUEUED' AND id <> ? AND (?::timestamptz IS NULL OR queued_at < ?::timestamptz) ORDER BY queued_at, id LIMIT 20",
        String.class, inboxId, conversationId, queuedAt, queuedAt);
  }

  /** Asks the assignment rules and stores the outcome (assigned or queued) with its trace; runs inside the caller's transaction. */
  private Optional<String> decide(Map<String, Object> c, String handedBackBy) {
    String conversationId = (String) c.get("id");
    String inboxId = (String) c.get("inbox_id");
    InboxModel.Inbox inbox = inboxes.inbox(inboxId).orElse(null);
    Contact contact = contacts.find((String) c.get("contact_id")).orElse(null);
    ConversationToRoute toRoute = new ConversationToRoute();
    toRoute.setConversationId(conversationId);
    toRoute.setChannel((String) c.get("channel_type"));
    toRoute.setInboxId(inboxId);
    toRoute.setContactOwnerId(contact == null ? null : contact.ownerId());
    toRoute.setHandedBackBy(handedBackBy);
    List<Object> facts = new ArrayList<>(inboxes.agentFacts());
    facts.add(toRoute);
    if (inbox != null && inbox.routing() != null) {
      RoutingPolicy policy = new RoutingPolicy();
      policy.setInboxId(inboxId);
      policy.setMode(RoutingMode.of(inbox.routing().mode()));
      policy.setUserIds(inbox.routing().userIds() == null ? new HashSet<>() : new HashSet<>(inbox.routing().userIds()));
      policy.setTeamIds(inbox.routing().teamIds() == null ? new HashSet<>() : new HashSet<>(inbox.routing().teamIds()));
      policy.setOnlyAvailable(!Boolean.FALSE.equals(inbox.routing().onlyAvailable()));
      facts.add(policy);
      if (inbox.routing().requiredSkills() != null) {
        toRoute.setRequiredSkills(new HashSet<>(inbox.routing().requiredSkills()));
      }
    }
    RuleBases.Evaluated result = rules.evaluate(RuleDomain.ASSIGNMENT, facts);
    CompiledRuleBase.Evaluation e = result.evaluation();
    Optional<Assign> assign = e.decisions(Assign.class).stream().filter(a -> conversationId.equals(a.getConversationId())).findFirst();
    Map<String, Object> trace = new LinkedHashMap<>();
    trace.put("rulesVersion", result.version());
    trace.put("decisions", e.described());
    trace.put("firedRules", e.firedRules());
    trace.put("decidedAt", Instant.now().toString());
    if (assign.isPresent()) {
      String agentId = assign.get().getAgentId();
      jdbc.update("UPDATE conversations SET status = 'ASSIGNED'," + ConversationService.ASSIGNED_AT + ", assignee_id = ?, queued_at = NULL, routing = ?::jsonb"
          + " WHERE id = ? AND status <> 'CLOSED'", agentId, agentId, json.write(trace), conversationId);
      tickets.followAssignee(conversationId, agentId);
      inboxes.touchAssigned(agentId);
      if (!agentId.equals(c.get("assignee_id"))) {
        outbox.event("conversation.assigned", conversationId, Map.of("conversationId", conversationId, "agentId", agentId, "why", assign.get().getWhy(), "rule", assign.get().getRule()));
      }
      return Optional.of(agentId);
    }
    String reason = e.decisions(Queue.class).stream().findFirst().map(Queue::getReason).orElse("no decision");
    if (handedBackBy != null && handedBackBy.equals(c.get("assignee_id")) && "ASSIGNED".equals(c.get("status")) && isAvailable(handedBackBy)) {
      // silent too long, but nobody else can take it: it stays where it is (queueing it would only
      // give it back to the same agent, again and again) and the trace says so
      trace.put("kept", "stays with " + handedBackBy + ": nobody else can take it (" + reason + ")");
      jdbc.update("UPDATE conversations SET routing = ?::jsonb WHERE id = ? AND status <> 'CLOSED'", json.write(trace), conversationId);
      return Optional.of(handedBackBy);
    }
    if (jdbc.update("UPDATE conversations SET status = 'QUEUED', queued_at = coalesce(queued_at, now()), assignee_id = NULL, routing = ?::jsonb WHERE id = ? AND status <> 'CLOSED'",
        json.write(trace), conversationId) == 1 && !"QUEUED".equals(c.get("status"))) {
      outbox.event("conversation.queued", conversationId, Map.of("conversationId", conversationId, "reason", reason));
    }
    return Optional.empty();
  }

  /** What the process needs once the conversation has an assignee: SLA due time and the ticket's details. */
  private Map<String, Object> assignedVariables(Map<String, Object> c, String agentId) {
    String conversationId = (String) c.get("id");
    InboxModel.Inbox inbox = inboxes.inbox((String) c.get("inbox_id")).orElse(null);
    Contact contact = contacts.find((String) c.get("contact_id")).orElse(null);
    Map<String, Object> out = new HashMap<>();
    out.put("assigned", true);
    out.put("assigneeId", agentId);
    // the moment the wait for the assignee's answer begins, on the database's clock like the messages
    out.put("routedAt", jdbc.queryForObject("SELECT clock_timestamp()", java.sql.Timestamp.class).toInstant().toString());
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

  /** The first-response SLA's moment: no reply yet is a breach. */
  @JobWorker(type = ConversationProcess.JOB_CHECK_FIRST_RESPONSE)
  public void checkFirstResponse(@Variable String conversationId) {
    Map<String, Object> c = reads.get(conversationId);
    if (c.get("first_response_at") != null || "CLOSED".equals(c.get("status"))) {
      return;
    }
    // each response round breaches on its own (a reopened conversation has a new first response)
    int round = c.get("round") instanceof Number n ? n.intValue() : 1;
    breach(c, "first-response", round == 1 ? conversationId : conversationId + "#round" + round);
  }

  /**
   * The re-route time has passed since {@code silenceSince} (when routing finished, or when a
   * customer message came in). The assignee is silent when a customer message written at or
   * before that moment is still unanswered and the assignee held the conversation then: silence
   * counts from the oldest unanswered message, never from before the assignment. Then the
   * conversation goes back to routing ({@code assignee-silent}); otherwise nothing happens, and a
   * later message has its own check. Only database times are compared, so it holds whatever the
   * engine's clock says.
   */
  @JobWorker(type = ConversationProcess.JOB_CHECK_SILENCE)
  public Map<String, Object> checkSilence(@Variable String conversationId, @Variable String silenceSince) {
    Map<String, Object> c = reads.get(conversationId);
    String assignee = (String) c.get("assignee_id");
    if (!"ASSIGNED".equals(c.get("status")) || assignee == null || silenceSince == null) {
      return Map.of("silenceCheck", "not assigned");
    }
    Instant since = Instant.parse(silenceSince);
    java.sql.Timestamp assignedAt = (java.sql.Timestamp) c.get("assigned_at");
    if (assignedAt != null && assignedAt.toInstant().isAfter(since)) {
      return Map.of("silenceCheck", "assigned to " + assignee + " after " + silenceSince + ": that assignment has its own check");
    }
    java.sql.Timestamp waiting = jdbc.queryForObject(
        "SELECT min(m.created_at) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.conversation_id = ? AND m.direction = 'IN'"
            + " AND m.created_at <= ?::timestamptz AND m.created_at >= c.opened_at AND (c.last_agent_at IS NULL OR m.created_at > c.last_agent_at)",
        java.sql.Timestamp.class, conversationId, since.toString());
    if (waiting == null) {
      return Map.of("silenceCheck", assignee + " answered everything written by " + silenceSince);
    }
    conversations.assigneeSilent(conversationId, assignee, waiting.toInstant(), since);
    return Map.of("silenceCheck", assignee + " silent: the customer has waited since " + waiting.toInstant());
  }

  /** The next-response SLA's moment: no agent reply since the customer's message is a breach. */
  @JobWorker(type = ConversationProcess.JOB_CHECK_NEXT_RESPONSE)
  public void checkNextResponse(@Variable String conversationId, @Variable String customerMessageAt) {
    Map<String, Object> c = reads.get(conversationId);
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
      if (!processedEvents.firstTime("sla." + sla, key)) {
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

  /**
   * HubSpot's "the owner is offline" notice: a conversation of an inbox routed to contact owners
   * arrives while the owner is not available; the owner gets one mail about it (once per
   * conversation, whatever routing then decides), so they can pick it up or let it go.
   */
  private void notifyOfflineOwner(Map<String, Object> c) {
    String conversationId = (String) c.get("id");
    InboxModel.Inbox inbox = inboxes.inbox((String) c.get("inbox_id")).orElse(null);
    if (inbox == null || inbox.routing() == null || !"CONTACT_OWNER".equals(inbox.routing().mode())) {
      return;
    }
    Contact contact = contacts.find((String) c.get("contact_id")).orElse(null);
    if (contact == null || contact.ownerId() == null) {
      return;
    }
    Map<String, Object> owner = inboxes.agent(contact.ownerId()).orElse(null);
    String email = owner == null ? null : (String) owner.get("email");
    if (owner == null || "available".equals(owner.get("status")) || email == null || email.isBlank()) {
      return;
    }
    if (!processedEvents.firstTime("owner-offline-mail", conversationId)) {
      return;
    }
    String first = jdbc.queryForList("SELECT body FROM messages WHERE conversation_id = ? AND direction = 'IN' ORDER BY created_at, id LIMIT 1", String.class, conversationId)
        .stream().findFirst().orElse("");
    try {
      SimpleMailMessage notice = new SimpleMailMessage();
      notice.setFrom(from);
      notice.setTo(email);
      notice.setSubject("New conversation from " + name(contact) + " while you are " + owner.get("status"));
      notice.setText(name(contact) + " wrote on " + c.get("channel_type") + " (conversation " + conversationId + "):\n\n"
          + (first.length() > 1000 ? first.substring(0, 1000) + "..." : first) + "\n\nYou own this contact; you are " + owner.get("status") + " in Pulse.");
      mail.send(notice);
    } catch (RuntimeException e) {
      LOG.warn("Could not mail the owner {} about conversation {}: {}", contact.ownerId(), conversationId, e.toString());
    }
  }

  /** On close: the inbox's chat survey, when the conversation passes the recipients rules. */
  @JobWorker(type = ConversationProcess.JOB_SEND_CHAT_SURVEY)
  public Map<String, Object> sendChatSurvey(@Variable String conversationId, @Variable String chatSurveyId) {
    Map<String, Object> c = reads.get(conversationId);
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
    return c.displayName();
  }
}
