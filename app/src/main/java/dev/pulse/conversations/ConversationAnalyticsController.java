package dev.pulse.conversations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  @GetMapping("/api/analytics/conversations")
  @Operation(summary = "Conversations per agent, first-response and resolution times (median, p90), SLA breaches")
  Map<String, Object> conversations(
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
    Map<String, Object> total = new LinkedHashMap<>(jdbc.queryForMap("SELECT " + figures + filter, start, end, inboxId, inboxId));
    List<Map<String, Object>> byAgent = new ArrayList<>();
    for (Map<String, Object> row : jdbc.queryForList(
        "SELECT c.assignee_id AS agent_id, " + figures + filter + " AND c.assignee_id IS NOT NULL GROUP BY c.assignee_id ORDER BY c.assignee_id",
        start, end, inboxId, inboxId)) {
      byAgent.add(new LinkedHashMap<>(row));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("inboxId", inboxId);
    out.put("from", start.toInstant());
    out.put("to", end.toInstant());
    out.put("total", total);
    out.put("byAgent", byAgent);
    return out;
  }
}
