package dev.pulse.chatflows;

import dev.pulse.platform.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class ChatflowRepository {

  record Stored(String id, ChatflowInput definition, Instant createdAt, Instant updatedAt) {}

  private final JdbcTemplate jdbc;
  private final Json json;

  ChatflowRepository(JdbcTemplate jdbc, Json json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** True when it was created, false when an existing one was replaced. */
  boolean put(String id, ChatflowInput chatflow) {
    return jdbc.queryForObject(
        "INSERT INTO chatflows (id, inbox_id, definition) VALUES (?, ?, ?::jsonb)"
            + " ON CONFLICT (id) DO UPDATE SET inbox_id = EXCLUDED.inbox_id, definition = EXCLUDED.definition, updated_at = now()"
            + " RETURNING (xmax = 0)",
        Boolean.class, id, chatflow.inboxId(), json.write(chatflow));
  }

  Optional<Stored> find(String id) {
    return jdbc.query("SELECT * FROM chatflows WHERE id = ?", (rs, i) -> map(rs), id).stream().findFirst();
  }

  List<Stored> all() {
    return jdbc.query("SELECT * FROM chatflows ORDER BY id", (rs, i) -> map(rs));
  }

  /** Changes whenever a chatflow is added, changed or deleted: what a cache of them is keyed on. */
  String version() {
    return jdbc.queryForObject("SELECT count(*) || '/' || coalesce(sum(hashtext(id || updated_at::text)::bigint), 0) FROM chatflows", String.class);
  }

  boolean delete(String id) {
    return jdbc.update("DELETE FROM chatflows WHERE id = ?", id) == 1;
  }

  boolean inboxExists(String inboxId) {
    return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM inboxes WHERE id = ?)", Boolean.class, inboxId));
  }

  private Stored map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Stored(rs.getString("id"), json.read(rs.getString("definition"), new com.fasterxml.jackson.core.type.TypeReference<ChatflowInput>() {}),
        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
  }
}
