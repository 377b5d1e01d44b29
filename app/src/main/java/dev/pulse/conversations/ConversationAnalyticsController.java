package dev.pulse.conversations;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Inbox figures for a period (conversations opened in it): per agent and in total, conversations,
 * closed ones, first-response and resolution times (median and p90, in seconds) and SLA breaches.
 */
@RestController
@Tag(name = "Analytics")
class ConversationAnalyticsController {

  private final JdbcTemplate jdbc;

  ConversationAnalyticsController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The figures of the period's conversations; response and resolution times in seconds. */
  @io.swagger.v3.oas.annotations.media.Schema(name = "ConversationAnalytics")
  record Report(String inboxId, Instant from, Instant to, Figures total, List<Figures> byAgent) {}

  /** Conversations opened in the period, closed, first-response and resolution times (median, p90; absent with none), SLA breaches; {@code agent_id} per agent. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @io.swagger.v3.oas.annotations.media.Schema(name = "ConversationFigures")
  record Figures(String agentId, long conversations, long closed, Double firstResponseMedian, Double firstResponseP90, Double resolutionMedian,
      Double resolutionP90, long breaches) {

    static Figures of(java.sql.ResultSet rs, boolean perAgent) throws java.sql.SQLException {
      return new Figures(perAgent ? rs.getString("agent_id") : null, rs.getLong("conversations"), rs.getLong("closed"), seconds(rs, "first_response_median"),
          seconds(rs, "first_response_p90"), seconds(rs, "resolution_median"), seconds(rs, "resolution_p90"), rs.getLong("breaches"));
    }

    private static Double seconds(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
      return rs.getObject(column) instanceof Number n ? n.doubleValue() : null;
    }
  }

  @GetMapping("/api/analytics/conversations")
  @Operation(summary = "Conversations per agent, first-response and resolution times (median, p90), SLA breaches")
  Report conversations(
      @RequestParam(required = false) String inboxId,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to) {
    Timestamp start = Timestamp.from(from == null ? Instant.EPOCH : from);
    Timestamp end = Timestamp.from(to == null ? Instant.now().plusSeconds(1) : to);
    String filter = " FROM conversations c WHERE c.opened_at >= ? AND c.opened_at < ? AND (?::text IS NULL OR c.inbox_id = ?)";
    String figures =
        "count(*) AS conversations, count(c.closed_at) AS closed,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.first_response_at - c.opened_at)) AS first_response_median,"
            + " percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM c.first_response_at - c.opened_at)) AS first_response_p90,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.opened_at)) AS resolution_median,"
            + " percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.opened_at)) AS resolution_p90,"
            + " (SELECT count(*) FROM outbox o WHERE o.event_type = 'sla.breached' AND o.message_key = ANY (array_agg(c.id))) AS breaches";
    Figures total = jdbc.queryForObject("SELECT " + figures + filter, (rs, i) -> Figures.of(rs, false), start, end, inboxId, inboxId);
    List<Figures> byAgent = jdbc.query(
        "SELECT c.assignee_id AS agent_id, " + figures + filter + " AND c.assignee_id IS NOT NULL GROUP BY c.assignee_id ORDER BY c.assignee_id",
        (rs, i) -> Figures.of(rs, true), start, end, inboxId, inboxId);
    return new Report(inboxId, start.toInstant(), end.toInstant(), total, byAgent);
  }
}
