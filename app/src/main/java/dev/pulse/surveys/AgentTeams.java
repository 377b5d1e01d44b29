package dev.pulse.surveys;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Agents' teams as surveys need them: whom a team notification reaches, and which team a send is credited to. */
@Component
class AgentTeams {

  private final JdbcTemplate jdbc;

  AgentTeams(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The addresses of the agents in these teams. */
  List<String> emails(List<String> teams) {
    return jdbc.queryForList(
        "SELECT DISTINCT email FROM agents WHERE email IS NOT NULL AND jsonb_exists_any(teams, ?::text[]) ORDER BY email",
        String.class, (Object) teams.toArray(String[]::new));
  }

  /** The agent's first team (its main team), or null for no agent, an unknown one, or one without a team. */
  String mainTeamOf(String agentId) {
    if (agentId == null) {
      return null;
    }
    List<String> teams = jdbc.queryForList("SELECT teams->>0 FROM agents WHERE id = ?", String.class, agentId);
    return teams.isEmpty() ? null : teams.get(0);
  }
}
