package dev.pulse.crm;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pulse.platform.Json;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The company, latest deal and latest ticket of a contact, as flat property maps (built-in fields
 * and custom properties together), the way survey filters see them.
 */
@Component
public class RelatedRecords {

  public record Related(Map<String, Object> company, Map<String, Object> deal, Map<String, Object> ticket) {}

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
    Map<String, Object> deal = new HashMap<>();
    jdbc.query("SELECT id, name, stage, amount, closed_at, properties FROM deals WHERE contact_id = ? ORDER BY updated_at DESC LIMIT 1", rs -> {
      deal.putAll(json.read(rs.getString("properties"), PROPERTIES));
      deal.put("id", rs.getString("id"));
      deal.put("name", rs.getString("name"));
      deal.put("stage", rs.getString("stage"));
      deal.put("amount", rs.getBigDecimal("amount"));
      deal.put("closedAt", rs.getTimestamp("closed_at") == null ? null : rs.getTimestamp("closed_at").toInstant());
    }, contact.id());
    Map<String, Object> ticket = new HashMap<>();
    jdbc.query("SELECT id, subject, pipeline, stage, priority, owner_id, properties FROM tickets WHERE contact_id = ? ORDER BY updated_at DESC LIMIT 1", rs -> {
      ticket.putAll(json.read(rs.getString("properties"), PROPERTIES));
      ticket.put("id", rs.getString("id"));
      ticket.put("subject", rs.getString("subject"));
      ticket.put("pipeline", rs.getString("pipeline"));
      ticket.put("stage", rs.getString("stage"));
      ticket.put("priority", rs.getString("priority"));
      ticket.put("ownerId", rs.getString("owner_id"));
    }, contact.id());
    company.values().removeIf(v -> v == null);
    deal.values().removeIf(v -> v == null);
    ticket.values().removeIf(v -> v == null);
    return new Related(company, deal, ticket);
  }
}
