package dev.pulse.conversations;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;

/**
 * A conversation as agents and the API see it. Its JSON keeps the columns' snake_case names
 * ({@code inbox_id}, {@code first_response_at}) that clients have always read; absent values are
 * left out.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConversationView(
    String id, String inboxId, String channelId, String channelType, String contactId, String status, String assigneeId, String ticketId,
    Long processInstanceKey, Instant queuedAt, Instant firstResponseAt, Instant lastCustomerAt, Instant lastAgentAt,
    @Schema(description = "the routing decision's trace, as JSON text") String routing,
    Instant openedAt, Instant closedAt, Integer round, String chatflowId, Instant assignedAt, String subject) {

  static final String COLUMNS = "c.id, c.inbox_id, c.channel_id, c.channel_type, c.contact_id, c.status, c.assignee_id,"
      + " (SELECT t.id FROM tickets t WHERE t.source_key = 'conversation:' || c.id) AS ticket_id, c.process_instance_key, c.queued_at,"
      + " c.first_response_at, c.last_customer_at, c.last_agent_at, c.routing::text AS routing, c.opened_at, c.closed_at, c.round, c.chatflow_id,"
      + " c.assigned_at, c.subject";

  static final RowMapper<ConversationView> ROW = (rs, i) -> new ConversationView(rs.getString("id"), rs.getString("inbox_id"), rs.getString("channel_id"),
      rs.getString("channel_type"), rs.getString("contact_id"), rs.getString("status"), rs.getString("assignee_id"), rs.getString("ticket_id"),
      rs.getObject("process_instance_key", Long.class), at(rs, "queued_at"), at(rs, "first_response_at"), at(rs, "last_customer_at"),
      at(rs, "last_agent_at"), rs.getString("routing"), at(rs, "opened_at"), at(rs, "closed_at"), rs.getObject("round", Integer.class),
      rs.getString("chatflow_id"), at(rs, "assigned_at"), rs.getString("subject"));

  /** A message in the thread: a customer's (IN), a reply (OUT) or an internal note (NOTE); {@code error} when sending failed. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @Schema(name = "ConversationMessage")
  public record Message(String id, String externalId, String direction, String author, String body, Instant createdAt, String error) {

    static final RowMapper<Message> ROW = (rs, i) -> new Message(rs.getString("id"), rs.getString("external_id"), rs.getString("direction"),
        rs.getString("author"), rs.getString("body"), at(rs, "created_at"), rs.getString("error"));
  }

  /** A response round before the current one: a reopened conversation starts a new round. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @Schema(name = "ConversationRound")
  public record Round(int round, Instant openedAt, Instant firstResponseAt, Instant closedAt, String assigneeId) {

    static final RowMapper<Round> ROW = (rs, i) -> new Round(rs.getInt("round"), at(rs, "opened_at"), at(rs, "first_response_at"), at(rs, "closed_at"),
        rs.getString("assignee_id"));
  }

  /** A conversation with its whole thread and its earlier rounds. */
  @Schema(name = "ConversationThread")
  public record Thread(@JsonUnwrapped ConversationView conversation, List<Message> messages, List<Round> earlierRounds) {}

  static Instant at(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
