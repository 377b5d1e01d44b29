package dev.pulse.surveys;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Per survey, how far its deliveries got: enrolled → sent → answered, expired or skipped. */
@RestController
@Tag(name = "Surveys")
class SurveyFunnelController {

  record Funnel(String surveyId, String name, String type, String delivery, String status, long enrolled, long sent, long answered, long expired, long skipped, long open) {}

  private final JdbcTemplate jdbc;

  SurveyFunnelController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @GetMapping("/api/surveys/funnels")
  @Operation(summary = "Every survey's funnel: deliveries enrolled, sent, answered, expired, skipped, and still open")
  List<Funnel> funnels() {
    return jdbc.query(
        "SELECT s.id, s.name, s.type, s.delivery, s.status, count(d.id) AS enrolled, count(d.sent_at) AS sent,"
            + " count(*) FILTER (WHERE d.status = 'ANSWERED') AS answered, count(*) FILTER (WHERE d.status = 'EXPIRED') AS expired,"
            + " count(*) FILTER (WHERE d.status = 'SKIPPED') AS skipped, count(*) FILTER (WHERE d.status IN ('SCHEDULED', 'SENT')) AS open"
            + " FROM surveys s LEFT JOIN deliveries d ON d.survey_id = s.id GROUP BY s.id ORDER BY s.created_at DESC, s.id",
        (rs, i) -> new Funnel(rs.getString("id"), rs.getString("name"), rs.getString("type"), rs.getString("delivery"), rs.getString("status"),
            rs.getLong("enrolled"), rs.getLong("sent"), rs.getLong("answered"), rs.getLong("expired"), rs.getLong("skipped"), rs.getLong("open")));
  }
}
