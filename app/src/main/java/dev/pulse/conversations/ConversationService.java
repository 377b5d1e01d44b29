package dev.pulse.conversations;

import dev.pulse.crm.ContactService;
import dev.pulse.platform.events.Outbox;
import dev.pulse.platform.events.Topics;
import dev.pulse.processes.ProcessService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * What agents do with conversations: reply, note, assign, close, reopen; the queue and agents'
 * presence; each round's {@code conversation} process. Customers' messages come in through {@link
 * ConversationIntake}; reads are {@link ConversationReads} and, for the widget, {@link
 * VisitorConversations}.
 */
@Service
public class ConversationService {


  private final dev.pulse.crm.ConversationTickets tickets;
  private final JdbcTemplate jdbc;
  private final InboxRepository inboxes;
  private final ContactService contacts;
  private final ProcessService processes;
  private final Outbox outbox;
  private final TransactionTemplate tx;
  private final TeamEmailReplies teamEmail;
  private final ConversationReads reads;

  ConversationService(JdbcTemplate jdbc, InboxRepository inboxes, ContactService contacts, ProcessService processes, Outbox outbox, TransactionTemplate tx,
      TeamEmailReplies teamEmail, ConversationReads reads, dev.pulse.crm.ConversationTickets tickets) {
    this.tickets = tickets;

    this.teamEmail = teamEmail;
    this.reads = reads;
    this.jdbc = jdbc;
    this.inboxes = inboxes;
    this.contacts = contacts;
    this.processes = processes;
    this.outbox = outbox;
    this.tx = tx;
  }

  /** Starts a round of the {@code conversation} process with the inbox's settings. */
  void startProcess(String conversationId, String inboxId) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(ConversationProcess.VARIABLE_CONVERSATION_ID, conversationId);
    variables.put(ConversationProcess.VARIABLE_INBOX_ID, inboxId);
    InboxModel.Inbox inbox = inboxes.inbox(inboxId).orElse(null);
    variables.put(ConversationProcess.VARIABLE_CHAT_SURVEY_ID, chatSurveyFor(conversationId, inbox));
    if (inbox != null && inbox.rerouteAfter() != null) {
      variables.put(ConversationProcess.VARIABLE_REROUTE_AFTER, inbox.rerouteAfter().toString());
    }
    if (inbox != null && inbox.queueRetry() != null) {
      variables.put(ConversationProcess.VARIABLE_QUEUE_RETRY, inbox.queueRetry().toString());
    }
    long key = processes.start(ConversationProcess.ID, variables).processInstanceKey();
    jdbc.update("UPDATE conversations SET process_instance_key = ? WHERE id = ?", key, conversationId);
  }

  /**
   * The survey a conversation ends with: only a chat conversation has one; the chatflow it started
   * from decides first, then its inbox. Null for email, forms, calls and the other channels.
   */
  String chatSurveyFor(String conversationId, InboxModel.Inbox inbox) {
    Map<String, Object> c = jdbc.queryForList(
            "SELECT c.channel_type, f.definition->>'chatSurveyId' AS flow_survey FROM conversations c LEFT JOIN chatflows f ON f.id = c.chatflow_id WHERE c.id = ?",
            conversationId).stream().findFirst().orElse(null);
    if (c == null || !InboxModel.ChannelType.CHAT.name().equals(c.get("channel_type"))) {
      return null;
    }
    if (c.get("flow_survey") != null) {
      return (String) c.get("flow_survey");
    }
    return inbox == null ? null : inbox.chatSurveyId();
  }
  /** The mail a reply in a team email conversation becomes; null on other channels and for a contact without an email. */
  private TeamEmailReplies.Rendered teamEmail(Map<String, Object> conversation, String agentId, String body) {
    if (!InboxModel.ChannelType.TEAM_EMAIL.name().equals(conversation.get("channel_type"))) {
      return null;
    }
    dev.pulse.crm.Contact contact = contacts.find((String) conversation.get("contact_id")).orElse(null);
    if (contact == null || contact.email() == null) {
      return null;
    }
    InboxRepository.ChannelRow channel = inboxes.channel((String) conversation.get("channel_id")).orElse(null);
    String agentName = inboxes.agent(agentId).map(a -> (String) a.get("name")).filter(n -> n != null && !n.isBlank()).orElse(agentId);
    return TeamEmailReplies.render(channel == null ? null : channel.definition(), channel == null ? null : channel.name(), agentName, contact.email(),
        (String) conversation.get("subject"), contact.language(), body);
  }
  public ConversationView reply(String conversationId, String agentId, String body) {
    Map<String, Object> conversation = reads.get(conversationId);
    if (jdbc.queryForObject("SELECT count(*) FROM agents WHERE id = ?", Integer.class, agentId) == 0) {
      // a reply from nobody would be sent and count as the first response
      throw invalid("agentId", "'" + agentId + "' is not a known agent");
    }
    if ("CLOSED".equals(conversation.get("status"))) {
      throw conflict("Conversation '" + conversationId + "' is closed; reopen it to reply");
    }
    TeamEmailReplies.Rendered email = teamEmail(conversation, agentId, body);
    String messageId = UUID.randomUUID().toString();
    tx.executeWithoutResult(s -> {
      jdbc.update("INSERT INTO messages (id, conversation_id, channel_id, direction, author, body) VALUES (?, ?, ?, 'OUT', ?, ?)",
          messageId, conversationId, conversation.get("channel_id"), agentId, body);
      jdbc.update("UPDATE conversations SET last_agent_at = now(), first_response_at = coalesce(first_response_at, now()) WHERE id = ?", conversationId);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("conversationId", conversationId);
      data.put("messageId", messageId);
      data.put("channelId", conversation.get("channel_id"));
      data.put("contactId", conversation.get("contact_id"));
      data.put("agentId", agentId);
      data.put("body", body);
      if (email != null) {
        data.put("email", TeamEmailReplies.describe(email)); // Pulse mails it; the event says what went out
      }
      outbox.append(Topics.OUTBOUND_MESSAGES, conversationId, "conversation.reply", data);
    });
    if (email != null) {
      teamEmail.send(messageId, conversationId, email);
    }
    return reads.view(conversationId);
  }

  /**
   * Assigns by hand (or reassigns); the assignment rules are not asked, but only an agent with a
   * paid seat can hold a conversation. A conversation waiting in the queue goes on at once.
   */
  public ConversationView assign(String conversationId, String agentId) {
    Map<String, Object> conversation = reads.get(conversationId);
    Map<String, Object> agent = inboxes.agent(agentId).orElseThrow(() -> invalid("agentId", "is not a known agent"));
    if (!Boolean.TRUE.equals(agent.get("paid_seat"))) {
      throw invalid("agentId", "has no paid seat and cannot be assigned conversations");
    }
    if ("CLOSED".equals(conversation.get("status"))) {
      throw conflict("Conversation '" + conversationId + "' is closed; reopen it to assign it");
    }
    tx.executeWithoutResult(s -> {
      jdbc.update("UPDATE conversations SET status = 'ASSIGNED', assignee_id = ?, queued_at = NULL," + ASSIGNED_AT + " WHERE id = ? AND status <> 'CLOSED'", agentId, agentId, conversationId);
      tickets.followAssignee(conversationId, agentId);
      inboxes.touchAssigned(agentId);
      outbox.event("conversation.assigned", conversationId, Map.of("conversationId", conversationId, "agentId", agentId, "why", "assigned by hand"));
    });
    ConversationView now = reads.view(conversationId);
    if ("QUEUED".equals(conversation.get("status"))) {
      wake(conversationId);
    } else if ("ASSIGNED".equals(conversation.get("status")) && !agentId.equals(conversation.get("assignee_id")) && now.assignedAt() != null) {
      // the new assignee's own time to answer starts now (the open conversation's silence checks count from it)
      processes.publish(ConversationProcess.MESSAGE_ASSIGNEE_CHANGED, conversationId, Map.of("reassignedAt", now.assignedAt().toString()), Duration.ZERO, null);
    }
    return now;
  }

  public ConversationView close(String conversationId) {
    Map<String, Object> conversation = reads.get(conversationId);
    if (!"CLOSED".equals(conversation.get("status"))) {
      tx.executeWithoutResult(s -> {
        if (jdbc.update("UPDATE conversations SET status = 'CLOSED', closed_at = now() WHERE id = ? AND status <> 'CLOSED'", conversationId) == 1) {
          outbox.event("conversation.closed", conversationId, Map.of("conversationId", conversationId));
        }
      });
      processes.publish(ConversationProcess.MESSAGE_CONVERSATION_CLOSED, conversationId, Map.of(), Duration.ofMinutes(10), "closed-" + conversationId + "-" + conversation.get("opened_at"));
      if (conversation.get("assignee_id") != null) {
        nudgeQueue(); // the assignee has room for one more
      }
    }
    return reads.view(conversationId);
  }

  /** Reopens a closed conversation as a new round: routed again by a new process instance. */
  public ConversationView reopen(String conversationId) {
    Map<String, Object> conversation = reads.get(conversationId);
    if (!"CLOSED".equals(conversation.get("status"))) {
      return reads.view(conversationId);
    }
    boolean newerOpen = !jdbc.queryForList("SELECT id FROM conversations WHERE channel_id = ? AND contact_id = ? AND status <> 'CLOSED' AND id <> ?",
        String.class, conversation.get("channel_id"), conversation.get("contact_id"), conversationId).isEmpty();
    if (newerOpen) {
      throw conflict("The contact has a newer open conversation on this channel; continue that one instead");
    }
    tx.executeWithoutResult(s -> {
      // a new response round: the closed one is kept, and the first-response clock starts again
      jdbc.update("INSERT INTO conversation_rounds (conversation_id, round, opened_at, first_response_at, closed_at, assignee_id)"
          + " SELECT id, round, opened_at, first_response_at, closed_at, assignee_id FROM conversations WHERE id = ? ON CONFLICT DO NOTHING", conversationId);
      jdbc.update("UPDATE conversations SET status = 'NEW', closed_at = NULL, assignee_id = NULL, opened_at = now(), first_response_at = NULL,"
          + " round = round + 1 WHERE id = ?", conversationId);
      outbox.event("conversation.reopened", conversationId, Map.of("conversationId", conversationId));
    });
    startProcess(conversationId, (String) conversation.get("inbox_id"));
    return reads.view(conversationId);
  }

  /** An agent's status changed: available agents free the longest-waiting queued conversations first. */
  public void agentStatus(String agentId, String status) {
    if (!inboxes.setAgentStatus(agentId, status)) {
      throw notFound("No agent '" + agentId + "'");
    }
    if ("available".equals(status)) {
      nudgeQueue();
    } else {
      // the agent's open conversations go back to routing
      for (String id : jdbc.queryForList("SELECT id FROM conversations WHERE status = 'ASSIGNED' AND assignee_id = ?", String.class, agentId)) {
        processes.publish(ConversationProcess.MESSAGE_ASSIGNEE_AWAY, id, Map.of("awayAgentId", agentId), Duration.ZERO, null);
      }
    }
  }

  /**
   * Wakes the longest-waiting conversation of each inbox's queue; routing serves a queue in order
   * and wakes the next one after each assignment, so the queue drains as far as agents are free.
   */
  public void nudgeQueue() {
    for (String id : jdbc.queryForList(
        "SELECT DISTINCT ON (inbox_id) id FROM conversations WHERE status = 'QUEUED' ORDER BY inbox_id, queued_at, id", String.class)) {
      wake(id);
    }
  }

  /** Wakes the longest-waiting conversation of one inbox's queue, if any. */
  void nudgeQueue(String inboxId) {
    jdbc.queryForList("SELECT id FROM conversations WHERE inbox_id = ? AND status = 'QUEUED' ORDER BY queued_at, id LIMIT 1", String.class, inboxId)
        .forEach(this::wake);
  }

  /**
   * Stores a channel. A Messenger greeting is shown by Messenger itself before anyone writes, so
   * when it changes the connector is told ({@code channel.greeting} on pulse.outbound-messages, in
   * the same transaction) and sets it on the page.
   */
  void putChannel(String id, InboxModel.Channel channel) {
    tx.executeWithoutResult(s -> {
      String before = inboxes.channel(id).map(c -> c.definition().greeting()).orElse(null);
      inboxes.putChannel(id, channel);
      if (channel.type() == InboxModel.ChannelType.MESSENGER && !java.util.Objects.equals(before, channel.greeting())) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channelId", id);
        data.put("inboxId", channel.inboxId());
        data.put("greeting", channel.greeting());
        outbox.append(Topics.OUTBOUND_MESSAGES, id, "channel.greeting", data);
      }
    });
  }

  /** Sets {@code assigned_at} when the assignee ({@code ?}) changes; the statement's other columns come before it. */
  static final String ASSIGNED_AT = " assigned_at = CASE WHEN assignee_id IS DISTINCT FROM ? THEN now() ELSE assigned_at END";

  /**
   * The assignee has not answered a customer who has waited for the inbox's {@code rerouteAfter}:
   * the open conversation goes back to routing (the message only reaches a conversation waiting to
   * be closed, never one being routed; one per silence).
   */
  void assigneeSilent(String conversationId, String agentId, java.time.Instant waitingSince, java.time.Instant checkedFor) {
    processes.publish(ConversationProcess.MESSAGE_ASSIGNEE_SILENT, conversationId, Map.of("silentAgentId", agentId, "customerWaitingSince", waitingSince.toString()),
        Duration.ZERO, "silent:" + conversationId + ":" + agentId + ":" + checkedFor);
  }

  /** Lets a conversation waiting in the queue be routed now instead of at its next retry. */
  void wake(String conversationId) {
    processes.publish(ConversationProcess.MESSAGE_AGENT_AVAILABLE, conversationId, Map.of(), Duration.ofMinutes(1), null);
  }

  /**
   * An internal note on the conversation: kept in its thread for the team, never sent to the
   * customer, and neither a response nor a reply (no first-response time, no survey effect).
   */
  public ConversationView.Message note(String conversationId, String agentId, String body) {
    reads.get(conversationId);
    if (jdbc.queryForObject("SELECT count(*) FROM agents WHERE id = ?", Integer.class, agentId) == 0) {
      throw invalid("agentId", "'" + agentId + "' is not a known agent");
    }
    String id = UUID.randomUUID().toString();
    tx.executeWithoutResult(s -> {
      jdbc.update("INSERT INTO messages (id, conversation_id, channel_id, direction, author, body)"
          + " SELECT ?, id, channel_id, 'NOTE', ?, ? FROM conversations WHERE id = ?", id, agentId, body, conversationId);
      outbox.event("conversation.note-added", conversationId, Map.of("conversationId", conversationId, "noteId", id, "agentId", agentId));
    });
    return reads.message(id);
  }

  static ErrorResponseException notFound(String detail) {
    return new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail), null);
  }

  static ErrorResponseException conflict(String detail) {
    return new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail), null);
  }

  static ErrorResponseException invalid(String field, String message) {
    return dev.pulse.platform.web.StrictJson.invalidField(field, message);
  }
}
