package dev.pulse.conversations;

import dev.pulse.crm.ContactInput;
import dev.pulse.crm.ContactService;
import dev.pulse.platform.events.Outbox;
import dev.pulse.processes.ProcessService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Customers' messages coming in: each joins the contact's open conversation on the channel, or
 * starts one and its {@code conversation} process (the contact is made on first contact).
 */
@Service
public class ConversationIntake {

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
  private final dev.pulse.crm.ConversationTickets tickets;
  private final JdbcTemplate jdbc;
  private final InboxRepository inboxes;
  private final ContactService contacts;
  private final ProcessService processes;
  private final Outbox outbox;
  private final TransactionTemplate tx;
  private final ConversationService conversations;
  private final ConversationReads reads;

  ConversationIntake(JdbcTemplate jdbc, InboxRepository inboxes, ContactService contacts, ProcessService processes, Outbox outbox, TransactionTemplate tx,
      ConversationService conversations, ConversationReads reads, dev.pulse.crm.ConversationTickets tickets) {
    this.tickets = tickets;

    this.jdbc = jdbc;
    this.inboxes = inboxes;
    this.contacts = contacts;
    this.processes = processes;
    this.outbox = outbox;
    this.tx = tx;
    this.conversations = conversations;
    this.reads = reads;
  }

  public Received receive(String channelId, Inbound message) {
    InboxRepository.ChannelRow channel = inboxes.channel(channelId).orElseThrow(() -> ConversationService.notFound("No channel '" + channelId + "'"));
    if (message.chatflowId() != null) {
      if (channel.type() != InboxModel.ChannelType.CHAT) {
        throw ConversationService.invalid("chatflowId", "applies to CHAT channels; channel '" + channelId + "' is " + channel.type());
      }
      String flowInbox = jdbc.queryForList("SELECT inbox_id FROM chatflows WHERE id = ?", String.class, message.chatflowId()).stream().findFirst()
          .orElseThrow(() -> ConversationService.invalid("chatflowId", "'" + message.chatflowId() + "' is not a known chatflow"));
      if (!flowInbox.equals(channel.inboxId())) {
        throw ConversationService.invalid("chatflowId", "chatflow '" + message.chatflowId() + "' belongs to inbox '" + flowInbox + "', not to this channel's inbox '" + channel.inboxId() + "'");
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
      conversations.startProcess(started[0], channel.inboxId());
    }
    return received;
  }

  /**
   * A ticket channel's conversation has its ticket from its first message, in the same
   * transaction: a conversation that waits in the queue has one too. It goes to the inbox's
   * pipeline and stage; its owner follows the assignee ({@link dev.pulse.crm.ConversationTickets#followAssignee}).
   */
  private void openTicket(String conversationId, String inboxId, String contactId) {
    InboxModel.Inbox inbox = inboxes.inbox(inboxId).orElse(null);
    String pipeline = inbox != null && inbox.tickets() != null && inbox.tickets().pipeline() != null ? inbox.tickets().pipeline() : "support";
    String stage = inbox != null && inbox.tickets() != null && inbox.tickets().stage() != null ? inbox.tickets().stage() : "new";
    String subject = "Conversation with " + contacts.find(contactId).map(dev.pulse.crm.Contact::displayName).orElse(contactId);
    tickets.open(conversationId, contactId, subject, pipeline, stage);
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
  static final Duration DEFAULT_NEXT_RESPONSE = Duration.ofHours(4);

  /** A customer wrote into an assigned conversation: the next-response SLA starts counting. */
  private void customerWrote(String conversationId, String inboxId, java.time.Instant writtenAt) {
    Map<String, Object> c = reads.get(conversationId);
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
      throw ConversationService.invalid("from", "needs an email, a phone number or a visitorId");
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
            : VisitorConversations.visitorContactId(from.visitorId());
    if (contacts.find(id).isEmpty()) {
      String first = from.name() == null ? null : from.name().split(" ", 2)[0];
      String last = from.name() == null || !from.name().contains(" ") ? null : from.name().split(" ", 2)[1];
      contacts.upsert(new ContactInput(id, from.email(), from.phone(), first, last, null, null, null, null, null, null, null, null, null, null));
    }
    return id;
  }

}
