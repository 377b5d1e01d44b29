package dev.pulse.conversations;

import dev.pulse.crm.ContactInput;
import dev.pulse.crm.ContactService;
import dev.pulse.platform.events.Outbox;
import dev.pulse.platform.events.Topics;
import dev.pulse.processes.ProcessService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Conversations: inbound messages (joining the contact's open conversation on the channel, or
 * starting one and its {@code conversation} process), agents' replies, assignment, close, reopen.
 */
@Service
public class ConversationService {


  /** Who wrote: an email address, a phone number or a chat visitor id identifies the contact. */
  public record From(String email, String phone, String visitorId, String name) {}

  /**
   * A customer's message; {@code consent} is what the widget's consent prompts recorded (may be
   * empty); {@code chatflowId} the chatflow a chat started from (may be null); {@code subject} an
   * email's subject (kept from the first message; replies are "Re: " it).
   */
  public record Inbound(String messageId, From from, String body, Map<String, Boolean> consent, String chatflowId, String subject) {

    public Inbound(String messageId, From from, String body) {
      this(messageId, from, body, Map.of(), null, null);
    }
  }

  public record Received(String conversationId, String messageId, boolean duplicate, boolean newConversation) {}

  private final JdbcTemplate jdbc;
  private final InboxRepository inboxes;
  private final ContactService contacts;
  private final ProcessService processes;
  private final Outbox outbox;
  private final TransactionTemplate tx;
  private final TeamEmailReplies teamEmail;

  /**
   * Whether an agent works this conversation: it is assigned to them, or its inbox names them (by
   * name or team) in its routing or its access list. In every routing mode: an inbox routed by
   * contact owner, or not routed, gives nobody else's conversations to an agent it does not name.
   * True for an unknown conversation, which then answers 404 itself.
   */
  public boolean agentMayWork(String agentId, String conversationId) {
    Boolean exists = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM conversations WHERE id = ?)", Boolean.class, conversationId);
    if (!Boolean.TRUE.equals(exists)) {
      return true;
    }
    return Boolean.TRUE.equals(jdbc.queryForObject(
        "SELECT EXISTS (SELECT 1" + WORKABLE_FROM + " WHERE c.id = ? AND " + WORKABLE_BY_AGENT + ")",
        Boolean.class, agentId, conversationId, agentId, agentId, agentId));
  }

  /**
   * The conversations with their inbox, and the agent ({@code ?}) whose access {@link
   * #WORKABLE_BY_AGENT} checks. One place says who works what: the check on one conversation, the
   * conversation list and the ticket list all use it.
   */
  static final String WORKABLE_FROM = " FROM conversations c JOIN inboxes i ON i.id = c.inbox_id LEFT JOIN agents a ON a.id = ?";

  /** True for a conversation assigned to the agent ({@code ?} three times), or whose inbox names it or its team in routing or access. */
  static final String WORKABLE_BY_AGENT =
      "(c.assignee_id = ?"
          + " OR jsonb_exists(coalesce(i.definition->'routing'->'userIds', '[]'::jsonb), ?)"
          + " OR jsonb_exists(coalesce(i.definition->'access'->'userIds', '[]'::jsonb), ?)"
          + " OR jsonb_exists_any(coalesce(a.teams, '[]'::jsonb),"
          + "      ARRAY(SELECT jsonb_array_elements_text(coalesce(i.definition->'routing'->'teamIds', '[]'::jsonb))"
          + "            UNION ALL SELECT jsonb_array_elements_text(coalesce(i.definition->'access'->'teamIds', '[]'::jsonb)))))";

  ConversationService(JdbcTemplate jdbc, InboxRepository inboxes, ContactService contacts, ProcessService processes, Outbox outbox, TransactionTemplate tx,
      TeamEmailReplies teamEmail) {
    this.teamEmail = teamEmail;
    this.jdbc = jdbc;
    this.inboxes = inboxes;
    this.contacts = contacts;
    this.processes = processes;
    this.outbox = outbox;
    this.tx = tx;
  }

  public Received receive(String channelId, Inbound message) {
    InboxRepository.ChannelRow channel = inboxes.channel(channelId).orElseThrow(() -> notFound("No channel '" + channelId + "'"));
    if (message.chatflowId() != null) {
      if (channel.type() != InboxModel.ChannelType.CHAT) {
        throw invalid("chatflowId", "applies to CHAT channels; channel '" + channelId + "' is " + channel.type());
      }
      String flowInbox = jdbc.queryForList("SELECT inbox_id FROM chatflows WHERE id = ?", String.class, message.chatflowId()).stream().findFirst()
          .orElseThrow(() -> invalid("chatflowId", "'" + message.chatflowId() + "' is not a known chatflow"));
      if (!flowInbox.equals(channel.inboxId())) {
        throw invalid("chatflowId", "chatflow '" + message.chatflowId() + "' belongs to inbox '" + flowInbox + "', not to this channel's inbox '" + channel.inboxId() + "'");
      }
    }
    String sender = senderKey(message.from());
    String[] started = new String[1];
    java.time.Instant[] writtenAt = new java.time.Instant[1];
    Received received =
        tx.execute(status -> {
          // One sender at a time, whatever the channel: concurrent first messages find the
          // contact and the conversation the first one made, instead of each making its own (or
          // failing on the other's). Held until the transaction ends.
          jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('pulse-sender'), hashtext(?))", sender);
          String contactId = contactFor(message.from());
          String existingMessage = message.messageId() == null ? null
              : jdbc.queryForList("SELECT conversation_id FROM messages WHERE channel_id = ? AND external_id = ?", String.class, channelId, message.messageId())
                  .stream().findFirst().orElse(null);
          if (existingMessage != null) {
            return new Received(existingMessage, message.messageId(), true, false);
          }
          Optional<String> open = jdbc.queryForList(
              "SELECT id FROM conversations WHERE channel_id = ? AND contact_id = ? AND status <> 'CLOSED' FOR UPDATE", String.class, channelId, contactId).stream().findFirst();
          String conversationId = open.orElseGet(() -> {
            String id = UUID.randomUUID().toString();
            jdbc.update("INSERT INTO conversations (id, inbox_id, channel_id, channel_type, contact_id, status, chatflow_id, subject) VALUES (?, ?, ?, ?, ?, 'NEW', ?, ?)",
                id, channel.inboxId(), channelId, channel.type().name(), contactId, message.chatflowId(), message.subject());
            outbox.event("conversation.started", id, Map.of("conversationId", id, "inboxId", channel.inboxId(), "channel", channel.type().name(), "contactId", contactId));
            if (channel.createTickets()) {
              openTicket(id, channel.inboxId(), contactId);
            }
            started[0] = id;
            return id;
          });
          String messageId = UUID.randomUUID().toString();
          jdbc.update("INSERT INTO messages (id, conversation_id, channel_id, external_id, direction, author, body) VALUES (?, ?, ?, ?, 'IN', ?, ?)",
              messageId, conversationId, channelId, message.messageId(), contactId, message.body());
          jdbc.update("UPDATE conversations SET last_customer_at = now(), consent = consent || ?::jsonb WHERE id = ?",
              consentJson(message.consent()), conversationId);
          writtenAt[0] = jdbc.queryForObject("SELECT created_at FROM messages WHERE id = ?", java.sql.Timestamp.class, messageId).toInstant();
          return new Received(conversationId, message.messageId() != null ? message.messageId() : messageId, false, open.isEmpty());
        });
    if (started[0] == null && !received.duplicate()) {
      customerWrote(received.conversationId(), channel.inboxId(), writtenAt[0]);
    }
    if (started[0] != null) {
      startProcess(started[0], channel.inboxId());
    }
    return received;
  }

  /**
   * A ticket channel's conversation has its ticket from its first message, in the same
   * transaction: a conversation that waits in the queue has one too. It goes to the inbox's
   * pipeline and stage; its owner follows the assignee ({@link #ticketFollowsAssignee}).
   */
  private void openTicket(String conversationId, String inboxId, String contactId) {
    InboxModel.Inbox inbox = inboxes.inbox(inboxId).orElse(null);
    String pipeline = inbox != null && inbox.tickets() != null && inbox.tickets().pipeline() != null ? inbox.tickets().pipeline() : "support";
    String stage = inbox != null && inbox.tickets() != null && inbox.tickets().stage() != null ? inbox.tickets().stage() : "new";
    String subject = "Conversation with " + contacts.find(contactId).map(dev.pulse.crm.Contact::displayName).orElse(contactId);
    String ticketId = UUID.randomUUID().toString();
    if (jdbc.update("INSERT INTO tickets (id, source_key, contact_id, subject, pipeline, stage) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_key) DO NOTHING",
        ticketId, "conversation:" + conversationId, contactId, subject, pipeline, stage) == 1) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("ticketId", ticketId);
      data.put("contactId", contactId);
      data.put("source", "conversation:" + conversationId);
      data.put("pipeline", pipeline);
      data.put("stage", stage);
      outbox.event("ticket.created", ticketId, data);
    }
  }

  /** The open ticket of a conversation is owned by whoever the conversation is assigned to. */
  static void ticketFollowsAssignee(JdbcTemplate jdbc, String conversationId, String agentId) {
    jdbc.update("UPDATE tickets SET owner_id = ?, updated_at = now() WHERE source_key = ? AND closed_at IS NULL AND owner_id IS DISTINCT FROM ?",
        agentId, "conversation:" + conversationId, agentId);
  }

  private static String consentJson(Map<String, Boolean> consent) {
    StringBuilder json = new StringBuilder("{");
    if (consent != null) {
      consent.forEach((k, v) -> {
        if (k.matches("[A-Za-z0-9_.-]{1,50}") && v != null) {
          json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v);
        }
      });
    }
    return json.append('}').toString();
  }

  /** Starts a round of the {@code conversation} process with the inbox's settings. */
  private void startProcess(String conversationId, String inboxId) {
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

  static final Duration DEFAULT_NEXT_RESPONSE = Duration.ofHours(4);

  /** A customer wrote into an assigned conversation: the next-response SLA starts counting. */
  private void customerWrote(String conversationId, String inboxId, java.time.Instant writtenAt) {
    Map<String, Object> c = get(conversationId);
    if (!"ASSIGNED".equals(c.get("status"))) {
      return;
    }
    InboxModel.Inbox inbox = inboxes.inbox(inboxId).orElse(null);
    Duration next = inbox != null && inbox.sla() != null && inbox.sla().nextResponse() != null ? inbox.sla().nextResponse() : DEFAULT_NEXT_RESPONSE;
    BusinessCalendar calendar = inbox == null || inbox.calendarId() == null ? BusinessCalendar.ALWAYS_OPEN
        : inboxes.calendar(inbox.calendarId()).map(BusinessCalendar::of).orElse(BusinessCalendar.ALWAYS_OPEN);
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(ConversationProcess.VARIABLE_CUSTOMER_MESSAGE_AT, writtenAt.toString());
    variables.put(ConversationProcess.VARIABLE_NEXT_RESPONSE_DUE, calendar.addBusinessTime(writtenAt, next).toString());
    processes.publish(ConversationProcess.MESSAGE_CUSTOMER_WROTE, conversationId, variables, Duration.ZERO, null);
  }

  /** What identifies a sender (the lock that serialises its messages). */
  private static String senderKey(From from) {
    if (from == null || (from.email() == null && from.phone() == null && from.visitorId() == null)) {
      throw invalid("from", "needs an email, a phone number or a visitorId");
    }
    return from.email() != null ? "email:" + from.email().toLowerCase(java.util.Locale.ROOT)
        : from.phone() != null ? "phone:" + from.phone().replaceAll("[^0-9+]", "")
        : "visitor:" + from.visitorId();
  }

  /** The contact behind a sender, created on first contact (under the sender's lock). */
  private String contactFor(From from) {
    senderKey(from);
    if (from.email() != null) {
      Optional<String> known = contacts.idByEmail(from.email());
      if (known.isPresent()) {
        return known.get();
      }
    }
    String id =
        from.email() != null ? "c-" + UUID.nameUUIDFromBytes(from.email().toLowerCase().getBytes())
            : from.phone() != null ? "phone-" + from.phone().replaceAll("[^0-9+]", "")
            : visitorContactId(from.visitorId());
    if (contacts.find(id).isEmpty()) {
      String first = from.name() == null ? null : from.name().split(" ", 2)[0];
      String last = from.name() == null || !from.name().contains(" ") ? null : from.name().split(" ", 2)[1];
      contacts.upsert(new ContactInput(id, from.email(), from.phone(), first, last, null, null, null, null, null, null, null, null, null, null));
    }
    return id;
  }

  /** The contact a visitor who gave neither email nor phone is. */
  public static String visitorContactId(String visitorId) {
    return "visitor-" + visitorId.replaceAll("[^A-Za-z0-9._:-]", "");
  }

  /**
   * A chat visitor leaves their email: it goes on their contact when no other contact has it;
   * otherwise it is kept as what they claim ({@code claimedEmail}), never joining them to that
   * contact (a visitor proves nothing about an address).
   */
  public void visitorGaveEmail(String visitorId, String email, String name) {
    String id = visitorContactId(visitorId);
    String first = name == null ? null : name.strip().split(" ", 2)[0];
    String last = name == null || !name.strip().contains(" ") ? null : name.strip().split(" ", 2)[1];
    boolean taken = contacts.idByEmail(email).filter(owner -> !owner.equals(id)).isPresent();
    try {
      contacts.upsert(new ContactInput(id, taken ? null : email, null, first, last, null, null, null, null, null, null, null, null,
          taken ? Map.of("claimedEmail", email) : Map.of(), null));
    } catch (ErrorResponseException e) {
      if (e.getStatusCode().value() != 409) {
        throw e;
      }
      // taken between the check and the write: kept as claimed, like any taken address
      contacts.upsert(new ContactInput(id, null, null, first, last, null, null, null, null, null, null, null, null, Map.of("claimedEmail", email), null));
    }
  }

  /** The inbox of a CHAT channel; empty when there is no such channel or it is not a chat. */
  public Optional<String> chatChannelInbox(String channelId) {
    return inboxes.channel(channelId).filter(c -> c.type() == InboxModel.ChannelType.CHAT).map(InboxRepository.ChannelRow::inboxId);
  }

  /** A conversation as its customer sees it: status and when it closed, no routing or notes. */
  public record CustomerConversation(String id, String status, java.time.Instant closedAt, String chatflowId) {}

  /** A message as the customer sees it: theirs (IN) and the replies (OUT); internal notes never. */
  public record CustomerMessage(String id, String direction, String author, String body, java.time.Instant at) {}

  /** The newest conversation a visitor (without email or phone) started on a channel. */
  public Optional<CustomerConversation> latestOfVisitor(String channelId, String visitorId) {
    return jdbc.query("SELECT id, status, closed_at, chatflow_id FROM conversations WHERE channel_id = ? AND contact_id = ? ORDER BY opened_at DESC, id DESC LIMIT 1",
        (rs, i) -> new CustomerConversation(rs.getString(1), rs.getString(2), rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(), rs.getString(4)),
        channelId, visitorContactId(visitorId)).stream().findFirst();
  }

  /** The messages of these conversations the customer may see, written after {@code since}, oldest first. */
  public List<Map.Entry<String, CustomerMessage>> customerMessages(java.util.Collection<String> conversationIds, java.time.Instant since) {
    if (conversationIds.isEmpty()) {
      return List.of();
    }
    return jdbc.query("SELECT m.conversation_id, m.id, m.direction, COALESCE((SELECT a.name FROM agents a WHERE a.id = m.author), m.author), m.body, m.created_at"
            + " FROM messages m WHERE m.conversation_id = ANY (?) AND m.direction IN ('IN', 'OUT') AND m.created_at > ? ORDER BY m.created_at, m.id",
        (rs, i) -> Map.entry(rs.getString(1), new CustomerMessage(rs.getString(2), rs.getString(3), "OUT".equals(rs.getString(3)) ? rs.getString(4) : null,
            rs.getString(5), rs.getTimestamp(6).toInstant())),
        conversationIds.toArray(String[]::new), java.sql.Timestamp.from(since));
  }

  /** The status of these conversations, by id. */
  public Map<String, String> statuses(java.util.Collection<String> conversationIds) {
    Map<String, String> out = new java.util.HashMap<>();
    if (!conversationIds.isEmpty()) {
      jdbc.query("SELECT id, status FROM conversations WHERE id = ANY (?)", rs -> {
        out.put(rs.getString(1), rs.getString(2));
      }, (Object) conversationIds.toArray(String[]::new));
    }
    return out;
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

  public Map<String, Object> reply(String conversationId, String agentId, String body) {
    Map<String, Object> conversation = get(conversationId);
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
    return get(conversationId);
  }

  /**
   * Assigns by hand (or reassigns); the assignment rules are not asked, but only an agent with a
   * paid seat can hold a conversation. A conversation waiting in the queue goes on at once.
   */
  public Map<String, Object> assign(String conversationId, String agentId) {
    Map<String, Object> conversation = get(conversationId);
    Map<String, Object> agent = inboxes.agent(agentId).orElseThrow(() -> invalid("agentId", "is not a known agent"));
    if (!Boolean.TRUE.equals(agent.get("paid_seat"))) {
      throw invalid("agentId", "has no paid seat and cannot be assigned conversations");
    }
    if ("CLOSED".equals(conversation.get("status"))) {
      throw conflict("Conversation '" + conversationId + "' is closed; reopen it to assign it");
    }
    tx.executeWithoutResult(s -> {
      jdbc.update("UPDATE conversations SET status = 'ASSIGNED', assignee_id = ?, queued_at = NULL," + ASSIGNED_AT + " WHERE id = ? AND status <> 'CLOSED'", agentId, agentId, conversationId);
      ticketFollowsAssignee(jdbc, conversationId, agentId);
      inboxes.touchAssigned(agentId);
      outbox.event("conversation.assigned", conversationId, Map.of("conversationId", conversationId, "agentId", agentId, "why", "assigned by hand"));
    });
    Map<String, Object> now = get(conversationId);
    if ("QUEUED".equals(conversation.get("status"))) {
      wake(conversationId);
    } else if ("ASSIGNED".equals(conversation.get("status")) && !agentId.equals(conversation.get("assignee_id")) && now.get("assigned_at") != null) {
      // the new assignee's own time to answer starts now (the open conversation's silence checks count from it)
      processes.publish(ConversationProcess.MESSAGE_ASSIGNEE_CHANGED, conversationId, Map.of("reassignedAt", ((java.sql.Timestamp) now.get("assigned_at")).toInstant().toString()),
          Duration.ZERO, null);
    }
    return now;
  }

  public Map<String, Object> close(String conversationId) {
    Map<String, Object> conversation = get(conversationId);
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
    return get(conversationId);
  }

  /** Reopens a closed conversation as a new round: routed again by a new process instance. */
  public Map<String, Object> reopen(String conversationId) {
    Map<String, Object> conversation = get(conversationId);
    if (!"CLOSED".equals(conversation.get("status"))) {
      return conversation;
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
    return get(conversationId);
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
  public Map<String, Object> note(String conversationId, String agentId, String body) {
    get(conversationId);
    if (jdbc.queryForObject("SELECT count(*) FROM agents WHERE id = ?", Integer.class, agentId) == 0) {
      throw invalid("agentId", "'" + agentId + "' is not a known agent");
    }
    String id = UUID.randomUUID().toString();
    tx.executeWithoutResult(s -> {
      jdbc.update("INSERT INTO messages (id, conversation_id, channel_id, direction, author, body)"
          + " SELECT ?, id, channel_id, 'NOTE', ?, ? FROM conversations WHERE id = ?", id, agentId, body, conversationId);
      outbox.event("conversation.note-added", conversationId, Map.of("conversationId", conversationId, "noteId", id, "agentId", agentId));
    });
    return jdbc.queryForMap("SELECT id, direction, author, body, created_at FROM messages WHERE id = ?", id);
  }

  public Map<String, Object> get(String id) {
    return jdbc.queryForList("SELECT c.id, c.inbox_id, c.channel_id, c.channel_type, c.contact_id, c.status, c.assignee_id,"
            + " (SELECT t.id FROM tickets t WHERE t.source_key = 'conversation:' || c.id) AS ticket_id, c.process_instance_key, c.queued_at,"
            + " c.first_response_at, c.last_customer_at, c.last_agent_at, c.routing::text AS routing, c.opened_at, c.closed_at, c.round, c.chatflow_id, c.assigned_at, c.subject FROM conversations c WHERE c.id = ?", id)
        .stream().findFirst().orElseThrow(() -> notFound("No conversation '" + id + "'"));
  }

  /** The response rounds before the current one, oldest first. */
  public List<Map<String, Object>> earlierRounds(String id) {
    return jdbc.queryForList("SELECT round, opened_at, first_response_at, closed_at, assignee_id FROM conversation_rounds WHERE conversation_id = ? ORDER BY round", id);
  }

  public List<Map<String, Object>> messages(String id) {
    return jdbc.queryForList("SELECT id, external_id, direction, author, body, created_at, error FROM messages WHERE conversation_id = ? ORDER BY created_at, id", id);
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
