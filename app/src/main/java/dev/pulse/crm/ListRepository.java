package dev.pulse.crm;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Static lists and their members. */
@Repository
class ListRepository {

  record StaticList(String id, String name, long members) {}

  private final JdbcTemplate jdbc;

  ListRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void upsert(String id, String name) {
    jdbc.update("INSERT INTO lists (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name", id, name);
  }

  Optional<StaticList> find(String id) {
    return jdbc.query(
            "SELECT l.id, l.name, (SELECT count(*) FROM list_members m WHERE m.list_id = l.id) FROM lists l WHERE l.id = ?",
            (rs, i) -> new StaticList(rs.getString(1), rs.getString(2), rs.getLong(3)),
            id)
        .stream()
        .findFirst();
  }

  List<StaticList> all() {
    return jdbc.query(
        "SELECT l.id, l.name, (SELECT count(*) FROM list_members m WHERE m.list_id = l.id) FROM lists l ORDER BY l.id",
        (rs, i) -> new StaticList(rs.getString(1), rs.getString(2), rs.getLong(3)));
  }

  /** True when the contact was not a member yet. */
  boolean add(String listId, String contactId) {
    return jdbc.update("INSERT INTO list_members (list_id, contact_id) VALUES (?, ?) ON CONFLICT DO NOTHING", listId, contactId) == 1;
  }

  boolean remove(String listId, String contactId) {
    return jdbc.update("DELETE FROM list_members WHERE list_id = ? AND contact_id = ?", listId, contactId) == 1;
  }

  List<String> members(String listId, int offset, int limit) {
    return jdbc.queryForList(
        "SELECT contact_id FROM list_members WHERE list_id = ? ORDER BY contact_id OFFSET ? LIMIT ?", String.class, listId, offset, limit);
  }
}
