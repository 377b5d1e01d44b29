package dev.pulse.crm;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pulse.platform.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code contacts} table. */
@Repository
class ContactRepository {

  enum Upsert {
    CREATED,
    UPDATED,
    /** The stored record has a newer version; nothing changed. */
    STALE
  }

  private final JdbcTemplate jdbc;
  private final Json json;

  ContactRepository(JdbcTemplate jdbc, Json json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  Upsert upsert(ContactInput c) {
    List<Boolean> inserted =
        jdbc.query(
            "INSERT INTO contacts (id, email, phone, firstname, lastname, lifecycle_stage, became_customer_at, owner_id,"
                + " language, time_zone, company_id, unsubscribed, consents, properties, source_version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, FALSE), coalesce(?::jsonb, '{}'), coalesce(?::jsonb, '{}'), ?)"
                + " ON CONFLICT (id) DO UPDATE SET"
                + " email = coalesce(EXCLUDED.email, contacts.email),"
                + " phone = coalesce(EXCLUDED.phone, contacts.phone),"
                + " firstname = coalesce(EXCLUDED.firstname, contacts.firstname),"
                + " lastname = coalesce(EXCLUDED.lastname, contacts.lastname),"
                + " lifecycle_stage = coalesce(EXCLUDED.lifecycle_stage, contacts.lifecycle_stage),"
                + " became_customer_at = coalesce(EXCLUDED.became_customer_at, contacts.became_customer_at),"
                + " owner_id = coalesce(EXCLUDED.owner_id, contacts.owner_id),"
                + " language = coalesce(EXCLUDED.language, contacts.language),"
                + " time_zone = coalesce(EXCLUDED.time_zone, contacts.time_zone),"
                + " company_id = coalesce(EXCLUDED.company_id, contacts.company_id),"
                + " unsubscribed = coalesce(?, contacts.unsubscribed),"
                + " consents = contacts.consents || EXCLUDED.consents,"
                + " properties = contacts.properties || EXCLUDED.properties,"
                + " source_version = coalesce(EXCLUDED.source_version, contacts.source_version),"
                + " updated_at = now()"
                + " WHERE contacts.source_version IS NULL OR EXCLUDED.source_version IS NULL"
                + "   OR EXCLUDED.source_version >= contacts.source_version"
                + " RETURNING (xmax = 0)",
            (rs, i) -> rs.getBoolean(1),
            c.id(),
            c.email(),
            c.phone(),
            c.firstname(),
            c.lastname(),
            c.lifecycleStage(),
            c.becameCustomerAt() == null ? null : Timestamp.from(c.becameCustomerAt()),
            c.ownerId(),
            c.language(),
            c.timeZone(),
            c.companyId(),
            c.unsubscribed(),
            c.consents() == null ? null : json.write(c.consents()),
            c.properties() == null ? null : json.write(c.properties()),
            c.version(),
            c.unsubscribed());
    if (inserted.isEmpty()) {
      return Upsert.STALE;
    }
    return inserted.get(0) ? Upsert.CREATED : Upsert.UPDATED;
  }

  private static final String SELECT =
      "SELECT c.*, ARRAY(SELECT list_id FROM list_members m WHERE m.contact_id = c.id ORDER BY list_id) AS list_ids FROM contacts c";

  Optional<Contact> find(String id) {
    return jdbc.query(SELECT + " WHERE c.id = ?", this::map, id).stream().findFirst();
  }

  Optional<String> idByEmail(String email) {
    return jdbc.queryForList("SELECT id FROM contacts WHERE lower(email) = lower(?)", String.class, email).stream().findFirst();
  }

  /** Keyset paging by id: stable while contacts are added or removed, and cheap at any depth. */
  List<Contact> after(String afterId, int limit) {
    return afterId == null
        ? jdbc.query(SELECT + " ORDER BY c.id LIMIT ?", this::map, limit)
        : jdbc.query(SELECT + " WHERE c.id > ? ORDER BY c.id LIMIT ?", this::map, afterId, limit);
  }

  /** A page of contacts whose id, email or name contains {@code q} (all when blank), by id. */
  List<Contact> search(String q, int offset, int limit) {
    String like = "%" + (q == null ? "" : q.toLowerCase().replace("%", "\\%").replace("_", "\\_")) + "%";
    return jdbc.query(
        SELECT + " WHERE lower(c.id) LIKE ? OR lower(coalesce(c.email, '')) LIKE ?"
            + " OR lower(coalesce(c.firstname, '') || ' ' || coalesce(c.lastname, '')) LIKE ? ORDER BY c.id OFFSET ? LIMIT ?",
        this::map,
        like,
        like,
        like,
        offset,
        limit);
  }

  long count(String q) {
    String like = "%" + (q == null ? "" : q.toLowerCase().replace("%", "\\%").replace("_", "\\_")) + "%";
    return jdbc.queryForObject(
        "SELECT count(*) FROM contacts WHERE lower(id) LIKE ? OR lower(coalesce(email, '')) LIKE ?"
            + " OR lower(coalesce(firstname, '') || ' ' || coalesce(lastname, '')) LIKE ?",
        Long.class,
        like,
        like,
        like);
  }

  private Contact map(ResultSet rs, int row) throws SQLException {
    String id = rs.getString("id");
    Set<String> lists = new HashSet<>(List.of((String[]) rs.getArray("list_ids").getArray()));
    Timestamp became = rs.getTimestamp("became_customer_at");
    Long version = rs.getObject("source_version", Long.class);
    return new Contact(
        id,
        rs.getString("email"),
        rs.getString("phone"),
        rs.getString("firstname"),
        rs.getString("lastname"),
        rs.getString("lifecycle_stage"),
        became == null ? null : became.toInstant(),
        rs.getString("owner_id"),
        rs.getString("language"),
        rs.getString("time_zone"),
        rs.getString("company_id"),
        rs.getBoolean("unsubscribed"),
        json.read(rs.getString("consents"), new TypeReference<Map<String, Boolean>>() {}),
        json.read(rs.getString("properties"), new TypeReference<Map<String, Object>>() {}),
        lists,
        version,
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  /** Sets the contact unsubscribed; false when there is no such contact. */
  boolean unsubscribe(String contactId) {
    return jdbc.update("UPDATE contacts SET unsubscribed = true, updated_at = now() WHERE id = ?", contactId) == 1;
  }
}
