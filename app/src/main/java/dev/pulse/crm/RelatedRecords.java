package dev.pulse.crm;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pulse.platform.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The company, deals and tickets of a contact, as flat property maps (built-in fields and custom
 * properties together), the way survey filters see them. A filter on deals or tickets matches
 * when any of them does; the {@value #MAX_RECORDS} most recently updated of each are looked at.
 */
@Component
public class RelatedRecords {

  static final int MAX_RECORDS = 100;

  public record Related(Map<String, Object> company, List<Map<String, Object>> deals, List<Map<String, Object>> tickets) {}

  private final JdbcTemplate jdbc;
  private final Json json;
  private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() {};

  RelatedRecords(JdbcTemplate jdbc, Json json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public Related of(Contact contact) {
    Map<String, Object> company = new HashMap<>();
    if (contact.companyId() != null) {
      jdbc.query("SELECT id, name, domain, properties FROM companies WHERE id = ?", rs -> {
        company.putAll(json.read(rs.getString("properties"), PROPERTIES));
        company.put("id", rs.getString("id"));
        company.put("name", rs.getString("name"));
        company.put("domain", rs.getString("domain"));
      }, contact.companyId());
    }
    company.values().removeIf(v -> v == null);
    List<Map<String, Object>> deals = jdbc.query(
        "SELECT id, name, stage, amount, closed_at, properties FROM deals WHERE contact_id = ? ORDER BY updated_at DESC LIMIT " + MAX_RECORDS,
        (rs, i) -> {
          Map<String, Object> deal = new HashMap<>(json.read(rs.getString("properties"), PROPERTIES));
          deal.put("id", rs.getString("id"));
          deal.put("name", rs.getString("name"));
          deal.put("stage", rs.getString("stage"));
          deal.put("amount", rs.getBigDecimal("amount"));
          deal.put("closedAt", rs.getTimestamp("closed_at") == null ? null : rs.getTimestamp("closed_at").toInstant());
          deal.values().removeIf(v -> v == null);
          return deal;
        }, contact.id());
    List<Map<String, Object>> tickets = jdbc.query(
        "SELECT id, subject, pipeline, stage, priority, owner_id, created_at, closed_at, properties FROM tickets WHERE contact_id = ? ORDER BY updated_at DESC LIMIT " + MAX_RECORDS,
        (rs, i) -> {
          Map<String, Object> ticket = new HashMap<>(json.read(rs.getString("properties"), PROPERTIES));
          ticket.put("id", rs.getString("id"));
          ticket.put("subject", rs.getString("subject"));
          ticket.put("pipeline", rs.getString("pipeline"));
          ticket.put("stage", rs.getString("stage"));
          ticket.put("priority", rs.getString("priority"));
          ticket.put("ownerId", rs.getString("owner_id"));
          ticket.put("createdAt", rs.getTimestamp("created_at") == null ? null : rs.getTimestamp("created_at").toInstant());
          ticket.put("closedAt", rs.getTimestamp("closed_at") == null ? null : rs.getTimestamp("closed_at").toInstant());
          ticket.values().removeIf(v -> v == null);
          return ticket;
        }, contact.id());
    return new Related(company, deals, tickets);
  }
}
