package dev.pulse.conversations;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pulse.platform.Json;
import dev.pulse.conversations.facts.Agent;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Teams, agents, calendars, inboxes and channels. */
@Repository
class InboxRepository {

  record ChannelRow(String id, String inboxId, InboxModel.ChannelType type, String name, boolean createTickets, InboxModel.Channel definition) {}

  private final JdbcTemplate jdbc;
  private final Json json;

  InboxRepository(JdbcTemplate jdbc, Json json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  void putTeam(String id, InboxModel.Team t) {
    jdbc.update("INSERT INTO teams (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name", id, t.name());
  }

  void putAgent(String id, InboxModel.Agent a) {
    jdbc.update(
        "INSERT INTO agents (id, name, email, status, paid_seat, teams, skills, capacity, channel_capacity, languages)"
            + " VALUES (?, ?, ?, coalesce(?, 'offline'), coalesce(?, TRUE), coalesce(?::jsonb, '[]'), coalesce(?::jsonb, '[]'), coalesce(?, 5), coalesce(?::jsonb, '{}'), coalesce(?::jsonb, '[]'))"
            + " ON CONFLICT (id) DO UPDATE SET name = coalesce(EXCLUDED.name, agents.name), email = coalesce(EXCLUDED.email, agents.email),"
            + " status = coalesce(?, agents.status), paid_seat = coalesce(?, agents.paid_seat), teams = coalesce(?::jsonb, agents.teams),"
            + " skills = coalesce(?::jsonb, agents.skills), capacity = coalesce(?, agents.capacity),"
            + " channel_capacity = coalesce(?::jsonb, agents.channel_capacity), languages = coalesce(?::jsonb, agents.languages), updated_at = now()",
        id, a.name(), a.email(), a.status(), a.paidSeat(), json.write(a.teams()), json.write(a.skills()), a.capacity(), json.write(a.channelCapacity()), json.write(a.languages()),
        a.status(), a.paidSeat(), json.write(a.teams()), json.write(a.skills()), a.capacity(), json.write(a.channelCapacity()), json.write(a.languages()));
    if (a.teams() != null) {
      // an agent's teams are teams: listed by GET /api/teams and known to inbox settings
      for (String team : a.teams()) {
        jdbc.update("INSERT INTO teams (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", team, team);
      }
    }
  }

  boolean teamExists(String id) {
    return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM teams WHERE id = ?)", Boolean.class, id));
  }

  boolean setAgentStatus(String id, String status) {
    return jdbc.update("UPDATE agents SET status = ?, updated_at = now() WHERE id = ?", status, id) == 1;
  }

  void touchAssigned(String agentId) {
    jdbc.update("UPDATE agents SET last_assigned_at = clock_timestamp() WHERE id = ?", agentId);
  }

  /**
   * The conversations that count against an agent's capacity: assigned to it and not closed. The
   * one definition of an agent's load, for routing, availability, targeting and the agents list.
   */
  static final String COUNTS_AGAINST_CAPACITY = "status = 'ASSIGNED' AND assignee_id IS NOT NULL";

  /** Every agent as the assignment rules see it, with its open conversations counted per channel. */
  List<Agent> agentFacts() {
    Map<String, Map<String, Integer>> loads = new java.util.HashMap<>();
    jdbc.query(
        "SELECT assignee_id, channel_type, count(*) FROM conversations WHERE " + COUNTS_AGAINST_CAPACITY + " GROUP BY assignee_id, channel_type",
        rs -> {
          loads.computeIfAbsent(rs.getString(1), k -> new java.util.HashMap<>()).put(rs.getString(2), rs.getInt(3));
        });
    return jdbc.query("SELECT * FROM agents ORDER BY id", (rs, i) -> {
      Agent a = new Agent();
      a.setId(rs.getString("id"));
      a.setStatus(dev.pulse.conversations.facts.AgentStatus.of(rs.getString("status")));
      a.setPaidSeat(rs.getBoolean("paid_seat"));
      a.setTeams(new HashSet<>(json.read(rs.getString("teams"), new TypeReference<List<String>>() {})));
      a.setSkills(new HashSet<>(json.read(rs.getString("skills"), new TypeReference<List<String>>() {})));
      a.setCapacity(rs.getInt("capacity"));
      a.setChannelCapacity(json.read(rs.getString("channel_capacity"), new TypeReference<Map<String, Integer>>() {}));
      Map<String, Integer> load = loads.getOrDefault(a.getId(), Map.of());
      a.setLoad(load.values().stream().mapToInt(Integer::intValue).sum());
      a.setChannelLoad(new java.util.HashMap<>(load));
      a.setLastAssignedAt(rs.getTimestamp("last_assigned_at") == null ? null : rs.getTimestamp("last_assigned_at").toInstant());
      return a;
    });
  }

  Optional<Map<String, Object>> agent(String id) {
    return jdbc.queryForList("SELECT id, name, email, status, paid_seat, teams::text AS teams, skills::text AS skills, languages::text AS languages, capacity,"
        + " channel_capacity::text AS channel_capacity, last_assigned_at FROM agents WHERE id = ?", id).stream().findFirst();
  }

  void putCalendar(String id, InboxModel.Calendar c) {
    jdbc.update("INSERT INTO calendars (id, definition) VALUES (?, ?::jsonb) ON CONFLICT (id) DO UPDATE SET definition = EXCLUDED.definition", id, json.write(c));
  }

  Optional<InboxModel.Calendar> calendar(String id) {
    return jdbc.queryForList("SELECT definition::text FROM calendars WHERE id = ?", String.class, id).stream().findFirst()
        .map(t -> json.read(t, new TypeReference<InboxModel.Calendar>() {}));
  }

  void putInbox(String id, InboxModel.Inbox inbox) {
    jdbc.update("INSERT INTO inboxes (id, name, definition) VALUES (?, ?, ?::jsonb) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, definition = EXCLUDED.definition",
        id, inbox.name(), json.write(inbox));
  }

  Optional<InboxModel.Inbox> inbox(String id) {
    return jdbc.queryForList("SELECT definition::text FROM inboxes WHERE id = ?", String.class, id).stream().findFirst()
        .map(t -> json.read(t, new TypeReference<InboxModel.Inbox>() {}));
  }

  /** Several inboxes in one query, by id (the ones that exist). */
  java.util.Map<String, InboxModel.Inbox> inboxes(java.util.Collection<String> ids) {
    java.util.Map<String, InboxModel.Inbox> out = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    jdbc.query(
        con -> {
          java.sql.PreparedStatement ps = con.prepareStatement("SELECT id, definition::text FROM inboxes WHERE id = ANY (?)");
          ps.setArray(1, con.createArrayOf("text", ids.toArray()));
          return ps;
        },
        rs -> {
          out.put(rs.getString(1), json.read(rs.getString(2), new TypeReference<InboxModel.Inbox>() {}));
        });
    return out;
  }

  void putChannel(String id, InboxModel.Channel c) {
    jdbc.update("INSERT INTO channels (id, inbox_id, type, name, definition) VALUES (?, ?, ?, ?, ?::jsonb)"
            + " ON CONFLICT (id) DO UPDATE SET inbox_id = EXCLUDED.inbox_id, type = EXCLUDED.type, name = EXCLUDED.name, definition = EXCLUDED.definition",
        id, c.inboxId(), c.type().name(), c.name(), json.write(c));
  }

  Optional<ChannelRow> channel(String id) {
    return jdbc.query("SELECT id, inbox_id, type, name, definition::text FROM channels WHERE id = ?", (ResultSet rs, int i) -> {
      InboxModel.Channel c = json.read(rs.getString(5), new TypeReference<InboxModel.Channel>() {});
      return new ChannelRow(rs.getString(1), rs.getString(2), InboxModel.ChannelType.valueOf(rs.getString(3)), rs.getString(4), Boolean.TRUE.equals(c.createTickets()), c);
    }, id).stream().findFirst();
  }

}
