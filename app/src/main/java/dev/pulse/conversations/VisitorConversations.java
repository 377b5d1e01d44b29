package dev.pulse.conversations;

import dev.pulse.crm.ContactInput;
import dev.pulse.crm.ContactService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Conversations as the chat widget's visitor sees them: their contact, their latest conversation
 * on a chat channel and its customer-visible messages (never notes or routing), and the email they
 * leave.
 */
@Service
public class VisitorConversations {

  private final JdbcTemplate jdbc;
  private final InboxRepository inboxes;
  private final ContactService contacts;

  VisitorConversations(JdbcTemplate jdbc, InboxRepository inboxes, ContactService contacts) {
    this.jdbc = jdbc;
    this.inboxes = inboxes;
    this.contacts = contacts;
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
    return customerMessagesWhere("m.created_at > ?", conversationIds, java.sql.Timestamp.from(since));
  }

  /** The customer-visible messages of these conversations that also meet {@code condition} (one parameter), in order. */
  private List<Map.Entry<String, CustomerMessage>> customerMessagesWhere(String condition, java.util.Collection<String> conversationIds, Object parameter) {
    return jdbc.query("SELECT m.conversation_id, m.id, m.direction, COALESCE((SELECT a.name FROM agents a WHERE a.id = m.author), m.author), m.body, m.created_at"
            + " FROM messages m WHERE m.conversation_id = ANY (?) AND m.direction IN ('IN', 'OUT') AND " + condition + " ORDER BY m.created_at, m.id",
        (rs, i) -> Map.entry(rs.getString(1), new CustomerMessage(rs.getString(2), rs.getString(3), "OUT".equals(rs.getString(3)) ? rs.getString(4) : null,
            rs.getString(5), rs.getTimestamp(6).toInstant())),
        conversationIds.toArray(String[]::new), parameter);
  }

  /**
   * A point in the database's commit order: every transaction older than it has ended, so a
   * message not yet visible now will carry a transaction id at or above it.
   */
  public long liveWatermark() {
    return jdbc.queryForObject("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", Long.class);
  }

  /**
   * The customer-visible messages of these conversations written by transactions at or after
   * {@code watermark} (see {@link #liveWatermark()}), in order; some may have been seen before.
   */
  public List<Map.Entry<String, CustomerMessage>> customerMessagesSince(java.util.Collection<String> conversationIds, long watermark) {
    if (conversationIds.isEmpty()) {
      return List.of();
    }
    return customerMessagesWhere("m.tx >= (?::text)::xid8", conversationIds, watermark);
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
}
