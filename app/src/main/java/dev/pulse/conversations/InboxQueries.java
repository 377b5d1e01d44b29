package dev.pulse.conversations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The unified inbox, read side: conversations filtered, sorted and paged; the set-up (inboxes,
 * channels, agents, teams, calendars); tickets. An agent caller sees only what it works ({@link
 * ConversationReads#WORKABLE_BY_AGENT}), so a page never holds someone else's conversation.
 */
@Repository
class InboxQueries {

  /** A page of a list, with the total the filters match. */
  record Page<T>(List<T> items, long total, int page, int size) {}

  /** A conversation in a list: where it is, whose it is, when it last moved, its last message (up to 200 characters). */
  @io.swagger.v3.oas.annotations.media.Schema(name = "ConversationListItem")
  record ConversationSummary(String id, String inboxId, String channelId, String channel, String contactId, String status, String assigneeId,
      Instant openedAt, Instant closedAt, Instant lastCustomerAt, Instant lastAgentAt, Instant updatedAt, String lastMessage) {}

  /** An inbox with its stored definition and how many of its conversations are open. */
  record InboxSummary(String id, String name, InboxModel.Inbox definition, long openConversations) {}

  record ChannelSummary(String id, String inboxId, String type, String name, InboxModel.Channel definition) {}

  /** An agent with its open conversations (those that count against its capacity). */
  record AgentSummary(String id, String name, String email, String status, boolean paidSeat, List<String> teams, List<String> skills, int capacity,
      Map<String, Integer> channelCapacity, long openConversations) {}

  record TeamSummary(String id, String name) {}

  record CalendarSummary(String id, InboxModel.Calendar definition) {}

  /** What a conversation list may be filtered by; null means any. {@code status} OPEN is every status but CLOSED. */
  record ConversationFilter(String inboxId, String status, String assigneeId, boolean unassigned, String channel, String contactId, Instant updatedSince) {}

  /** When a conversation last moved: opened, a message either way, queued, closed. */
  static final String UPDATED_AT = "GREATEST(c.opened_at, c.last_customer_at, c.last_agent_at, c.queued_at, c.closed_at)";

  private final JdbcTemplate jdbc;
  private final com.fasterxml.jackson.databind.ObjectMapper json;

  InboxQueries(JdbcTemplate jdbc, com.fasterxml.jackson.databind.ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** A JSON column read as text, as the type it was stored from. */
  private <T> T parsed(String text, com.fasterxml.jackson.core.type.TypeReference<T> type) {
    try {
      return text == null ? null : json.readValue(text, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a stored JSON column does not hold a " + type.getType(), e);
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  Page<ConversationSummary> conversations(ConversationFilter f, String agent, String sort, boolean descending, int page, int size) {
    List<Object> args = new ArrayList<>();
    args.add(agent);
    StringBuilder where = new StringBuilder(" WHERE true");
    if (agent != null) {
      where.append(" AND ").append(ConversationReads.WORKABLE_BY_AGENT);
      args.add(agent);
      args.add(agent);
      args.add(agent);
    }
    if (f.inboxId() != null) {
      where.append(" AND c.inbox_id = ?");
      args.add(f.inboxId());
    }
    if ("OPEN".equals(f.status())) {
      where.append(" AND c.status <> 'CLOSED'");
    } else if (f.status() != null) {
      where.append(" AND c.status = ?");
      args.add(f.status());
    }
    if (f.unassigned()) {
      where.append(" AND c.assignee_id IS NULL");
    } else if (f.assigneeId() != null) {
      where.append(" AND c.assignee_id = ?");
      args.add(f.assigneeId());
    }
    if (f.channel() != null) {
      where.append(" AND c.channel_type = ?");
      args.add(f.channel());
    }
    if (f.contactId() != null) {
      where.append(" AND c.contact_id = ?");
      args.add(f.contactId());
    }
    if (f.updatedSince() != null) {
      where.append(" AND ").append(UPDATED_AT).append(" >= ?");
      args.add(Timestamp.from(f.updatedSince()));
    }
    String from = ConversationReads.WORKABLE_FROM + where;
    long total = jdbc.queryForObject("SELECT count(*)" + from, Long.class, args.toArray());
    String order = ("openedAt".equals(sort) ? "c.opened_at" : UPDATED_AT) + (descending ? " DESC" : " ASC") + ", c.id";
    List<Object> paged = new ArrayList<>(args);
    paged.add(size);
    paged.add((long) page * size);
    List<ConversationSummary> items = jdbc.query(
        "SELECT c.id AS \"id\", c.inbox_id AS \"inboxId\", c.channel_id AS \"channelId\", c.channel_type AS \"channel\", c.contact_id AS \"contactId\","
            + " c.status AS \"status\", c.assignee_id AS \"assigneeId\", c.opened_at AS \"openedAt\", c.closed_at AS \"closedAt\","
            + " c.last_customer_at AS \"lastCustomerAt\", c.last_agent_at AS \"lastAgentAt\", " + UPDATED_AT + " AS \"updatedAt\","
            + " (SELECT left(m.body, 200) FROM messages m WHERE m.conversation_id = c.id AND m.direction IN ('IN', 'OUT') ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS \"lastMessage\""
            + from + " ORDER BY " + order + " LIMIT ? OFFSET ?",
        (rs, i) -> new ConversationSummary(rs.getString("id"), rs.getString("inboxId"), rs.getString("channelId"), rs.getString("channel"),
            rs.getString("contactId"), rs.getString("status"), rs.getString("assigneeId"), instant(rs.getTimestamp("openedAt")),
            instant(rs.getTimestamp("closedAt")), instant(rs.getTimestamp("lastCustomerAt")), instant(rs.getTimestamp("lastAgentAt")),
            instant(rs.getTimestamp("updatedAt")), rs.getString("lastMessage")),
        paged.toArray());
    return new Page<>(items, total, page, size);
  }

  List<InboxSummary> inboxes() {
    return jdbc.query("SELECT id, name, definition::text AS definition,"
            + " (SELECT count(*) FROM conversations c WHERE c.inbox_id = i.id AND c.status <> 'CLOSED') AS \"openConversations\" FROM inboxes i ORDER BY id",
        (rs, i) -> new InboxSummary(rs.getString("id"), rs.getString("name"), parsed(rs.getString("definition"), new com.fasterxml.jackson.core.type.TypeReference<>() {}),
            rs.getLong("openConversations")));
  }

  List<ChannelSummary> channels() {
    return jdbc.query("SELECT id, inbox_id AS \"inboxId\", type, name, definition::text AS definition FROM channels ORDER BY id",
        (rs, i) -> new ChannelSummary(rs.getString("id"), rs.getString("inboxId"), rs.getString("type"), rs.getString("name"),
            parsed(rs.getString("definition"), new com.fasterxml.jackson.core.type.TypeReference<>() {})));
  }

  List<AgentSummary> agents() {
    return jdbc.query("SELECT a.id, a.name, a.email, a.status, a.paid_seat AS \"paidSeat\", a.teams::text AS teams, a.skills::text AS skills, a.capacity,"
            + " a.channel_capacity::text AS \"channelCapacity\","
            + " (SELECT count(*) FROM conversations WHERE assignee_id = a.id AND " + InboxRepository.COUNTS_AGAINST_CAPACITY + ") AS \"openConversations\" FROM agents a ORDER BY a.id",
        (rs, i) -> new AgentSummary(rs.getString("id"), rs.getString("name"), rs.getString("email"), rs.getString("status"), rs.getBoolean("paidSeat"),
            parsed(rs.getString("teams"), new com.fasterxml.jackson.core.type.TypeReference<>() {}), parsed(rs.getString("skills"), new com.fasterxml.jackson.core.type.TypeReference<>() {}),
            rs.getInt("capacity"), parsed(rs.getString("channelCapacity"), new com.fasterxml.jackson.core.type.TypeReference<>() {}), rs.getLong("openConversations")));
  }

  List<TeamSummary> teams() {
    return jdbc.query("SELECT id, name FROM teams ORDER BY id", (rs, i) -> new TeamSummary(rs.getString("id"), rs.getString("name")));
  }

  List<CalendarSummary> calendars() {
    return jdbc.query("SELECT id, definition::text AS definition FROM calendars ORDER BY id",
        (rs, i) -> new CalendarSummary(rs.getString("id"), parsed(rs.getString("definition"), new com.fasterxml.jackson.core.type.TypeReference<>() {})));
  }

  /**
   * Tickets, newest first: open, closed or all, of a contact or an owner. An agent caller sees the
   * tickets it owns and those of the conversations it works.
   */
  Page<dev.pulse.crm.Ticket> tickets(String status, String contactId, String ownerId, String agent, int page, int size) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = new StringBuilder(" WHERE true");
    if (agent != null) {
      where.append(" AND (t.owner_id = ? OR EXISTS (SELECT 1").append(ConversationReads.WORKABLE_FROM)
          .append(" WHERE t.source_key = 'conversation:' || c.id AND ").append(ConversationReads.WORKABLE_BY_AGENT).append("))");
      args.add(agent);
      args.add(agent);
      args.add(agent);
      args.add(agent);
      args.add(agent);
    }
    if ("OPEN".equals(status)) {
      where.append(" AND t.closed_at IS NULL");
    } else if ("CLOSED".equals(status)) {
      where.append(" AND t.closed_at IS NOT NULL");
    }
    if (contactId != null) {
      where.append(" AND t.contact_id = ?");
      args.add(contactId);
    }
    if (ownerId != null) {
      where.append(" AND t.owner_id = ?");
      args.add(ownerId);
    }
    long total = jdbc.queryForObject("SELECT count(*) FROM tickets t" + where, Long.class, args.toArray());
    args.add(size);
    args.add((long) page * size);
    List<dev.pulse.crm.Ticket> items = jdbc.query(
        "SELECT " + dev.pulse.crm.Ticket.COLUMNS + " FROM tickets t" + where + " ORDER BY t.created_at DESC, t.id LIMIT ? OFFSET ?", dev.pulse.crm.Ticket.ROW, args.toArray());
    return new Page<>(items, total, page, size);
  }

}
