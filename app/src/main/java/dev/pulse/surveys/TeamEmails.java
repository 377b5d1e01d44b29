package dev.pulse.surveys;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The email addresses of the agents in some teams, for survey notifications to teams. */
@Component
class TeamEmails {

  private final JdbcTemplate jdbc;

  TeamEmails(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  List<String> of(List<String> teams) {
    return jdbc.queryForList(
        "SELECT DISTINCT email FROM agents WHERE email IS NOT NULL AND jsonb_exists_any(teams, ?::text[]) ORDER BY email",
        String.class, (Object) teams.toArray(String[]::new));
  }
}
