package dev.pulse.crm;

import dev.pulse.platform.Json;
import dev.pulse.platform.events.Outbox;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Companies, deals, ticket stages and list memberships, from REST and Kafka alike. Every change
 * tells the surveys whose audience it may move ({@link AudienceChanges}), in the same transaction:
 * a company change re-decides all of its contacts, a deal or ticket change its contact (both
 * contacts when a deal moves), a list membership its member.
 */
@Service
public class CrmRecords {

  record CompanyInput(@Size(max = 300) String name, @Size(max = 300) String domain, Map<String, Object> properties) {}

  record DealInput(
      @Pattern(regexp = ContactInput.ID) String contactId,
      @Pattern(regexp = ContactInput.ID) String companyId,
      @Size(max = 300) String name,
      @Size(max = 100) String stage,
      BigDecimal amount,
      Instant closedAt,
      Map<String, Object> properties) {}

  /** A company as stored; {@code properties} is its JSON text (as this answer always had it). */
  public record Company(String id, String name, String domain, @io.swagger.v3.oas.annotations.media.Schema(description = "JSON text: the company's properties") String properties) {}

  /** A deal as stored; its JSON keeps the columns' snake_case names. */
  @com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Deal(String id, String contactId, String companyId, String name, String stage, BigDecimal amount, Instant closedAt) {}

  private final JdbcTemplate jdbc;
  private final Json json;
  private final Outbox outbox;
  private final AudienceChanges audience;
  private final ListRepository lists;

  CrmRecords(JdbcTemplate jdbc, Json json, Outbox outbox, AudienceChanges audience, ListRepository lists) {
    this.jdbc = jdbc;
    this.json = json;
    this.outbox = outbox;
    this.audience = audience;
    this.lists = lists;
  }

  @Transactional
  public Company putCompany(String id, CompanyInput in) {
    jdbc.update(
        "INSERT INTO companies (id, name, domain, properties) VALUES (?, ?, ?, coalesce(?::jsonb, '{}')) ON CONFLICT (id) DO UPDATE SET"
            + " name = coalesce(EXCLUDED.name, companies.name), domain = coalesce(EXCLUDED.domain, companies.domain),"
            + " properties = companies.properties || EXCLUDED.properties, updated_at = now()",
        id, in.name(), in.domain(), json.write(in.properties()));
    audience.company(id, "company '" + id + "' changed");
    return jdbc.queryForObject("SELECT id, name, domain, properties::text AS properties FROM companies WHERE id = ?",
        (rs, i) -> new Company(rs.getString("id"), rs.getString("name"), rs.getString("domain"), rs.getString("properties")), id);
  }

  @Transactional
  public Deal putDeal(String id, DealInput in) {
    String before = jdbc.queryForList("SELECT contact_id FROM deals WHERE id = ? FOR UPDATE", String.class, id).stream()
        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    jdbc.update(
        "INSERT INTO deals (id, contact_id, company_id, name, stage, amount, closed_at, properties) VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?::jsonb, '{}'))"
            + " ON CONFLICT (id) DO UPDATE SET contact_id = coalesce(EXCLUDED.contact_id, deals.contact_id),"
            + " company_id = coalesce(EXCLUDED.company_id, deals.company_id), name = coalesce(EXCLUDED.name, deals.name),"
            + " stage = coalesce(EXCLUDED.stage, deals.stage), amount = coalesce(EXCLUDED.amount, deals.amount),"
            + " closed_at = coalesce(EXCLUDED.closed_at, deals.closed_at), properties = deals.properties || EXCLUDED.properties, updated_at = now()",
        id, in.contactId(), in.companyId(), in.name(), in.stage(), in.amount(), in.closedAt() == null ? null : Timestamp.from(in.closedAt()), json.write(in.properties()));
    String after = jdbc.queryForObject("SELECT contact_id FROM deals WHERE id = ?", String.class, id);
    audience.contact(after, "deal '" + id + "' changed", false);
    if (before != null && !before.equals(after)) {
      audience.contact(before, "deal '" + id + "' moved to another contact", false);
    }
    return jdbc.queryForObject("SELECT id, contact_id, company_id, name, stage, amount, closed_at FROM deals WHERE id = ?",
        (rs, i) -> new Deal(rs.getString("id"), rs.getString("contact_id"), rs.getString("company_id"), rs.getString("name"), rs.getString("stage"),
            rs.getBigDecimal("amount"), rs.getTimestamp("closed_at") == null ? null : rs.getTimestamp("closed_at").toInstant()), id);
  }

  /** Moves an open ticket; false when there is no open ticket of that id. */
  @Transactional
  public boolean moveTicket(String id, String stage) {
    if (jdbc.update("UPDATE tickets SET stage = ?, updated_at = now() WHERE id = ? AND closed_at IS NULL", stage, id) == 0) {
      return false;
    }
    outbox.event("ticket.stage-changed", id, Map.of("ticketId", id, "stage", stage));
    audience.contact(ticketContact(id).orElse(null), "ticket '" + id + "' moved to stage '" + stage + "'", false);
    return true;
  }

  /** Closes a ticket; false when it was closed already. */
  @Transactional
  public boolean closeTicket(String id) {
    if (jdbc.update("UPDATE tickets SET stage = 'closed', closed_at = now(), updated_at = now() WHERE id = ? AND closed_at IS NULL", id) == 0) {
      return false;
    }
    outbox.event("ticket.closed", id, Map.of("ticketId", id));
    audience.contact(ticketContact(id).orElse(null), "ticket '" + id + "' closed", false);
    return true;
  }

  private Optional<String> ticketContact(String id) {
    return jdbc.queryForList("SELECT contact_id FROM tickets WHERE id = ?", String.class, id).stream().filter(c -> c != null).findFirst();
  }

  /** True when the contact was not a member yet. */
  @Transactional
  public boolean addToList(String listId, String contactId) {
    boolean added = lists.add(listId, contactId);
    if (added) {
      audience.contact(contactId, "added to list '" + listId + "'", false);
    }
    return added;
  }

  /** True when the contact was a member. */
  @Transactional
  public boolean removeFromList(String listId, String contactId) {
    boolean removed = lists.remove(listId, contactId);
    if (removed) {
      audience.contact(contactId, "removed from list '" + listId + "'", false);
    }
    return removed;
  }

  boolean listExists(String listId) {
    return lists.find(listId).isPresent();
  }

  List<String> knownLists() {
    return lists.all().stream().map(ListRepository.StaticList::id).toList();
  }
}
