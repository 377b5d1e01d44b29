package dev.pulse.conversations;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads of conversations for agents: one conversation, its messages and rounds, and who may work it. */
@Component
class ConversationReads {

  private final JdbcTemplate jdbc;

  ConversationReads(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Whether an agent works this conversation: it is assigned to them, or its inbox names them (by
   * name or team) in its routing or its access list. In every routing mode: an inbox routed by
   * contact owner, or not routed, gives nobody else's conversations to an agent it does not name.
   * True for an unknown conversation, which then answers 404 itself.
   */
  boolean agentMayWork(String agentId, String conversationId) {
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

  /** The conversation's row, by column name, for the workers and commands that decide on it. */
  Map<String, Object> get(String id) {
    return jdbc.queryForList("SELECT c.id, c.inbox_id, c.channel_id, c.channel_type, c.contact_id, c.status, c.assignee_id,"
            + " (SELECT t.id FROM tickets t WHERE t.source_key = 'conversation:' || c.id) AS ticket_id, c.process_instance_key, c.queued_at,"
            + " c.first_response_at, c.last_customer_at, c.last_agent_at, c.routing::text AS routing, c.opened_at, c.closed_at, c.round, c.chatflow_id, c.assigned_at, c.subject FROM conversations c WHERE c.id = ?", id)
        .stream().findFirst().orElseThrow(() -> ConversationService.notFound("No conversation '" + id + "'"));
  }

  /** The conversation as the API shows it. */
  ConversationView view(String id) {
    return jdbc.query("SELECT " + ConversationView.COLUMNS + " FROM conversations c WHERE c.id = ?", ConversationView.ROW, id).stream().findFirst()
        .orElseThrow(() -> ConversationService.notFound("No conversation '" + id + "'"));
  }

  /** The conversation with its messages (notes included) and earlier rounds. */
  ConversationView.Thread thread(String id) {
    return new ConversationView.Thread(view(id), messages(id), earlierRounds(id));
  }

  /** The response rounds before the current one, oldest first. */
  List<ConversationView.Round> earlierRounds(String id) {
    return jdbc.query("SELECT round, opened_at, first_response_at, closed_at, assignee_id FROM conversation_rounds WHERE conversation_id = ? ORDER BY round",
        ConversationView.Round.ROW, id);
  }

  List<ConversationView.Message> messages(String id) {
    return jdbc.query("SELECT id, external_id, direction, author, body, created_at, error FROM messages WHERE conversation_id = ? ORDER BY created_at, id",
        ConversationView.Message.ROW, id);
  }

  /** The message with this id. */
  ConversationView.Message message(String messageId) {
    return jdbc.queryForObject("SELECT id, external_id, direction, author, body, created_at, error FROM messages WHERE id = ?", ConversationView.Message.ROW, messageId);
  }
}
