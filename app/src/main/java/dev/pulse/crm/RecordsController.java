package dev.pulse.crm;

import dev.pulse.platform.Json;
import dev.pulse.platform.events.Outbox;
import dev.pulse.processes.ProcessService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Companies and deals (upserted like contacts: fields left out keep their value, properties
 * merge), and tickets: read, move through the pipeline, close. Closing a ticket tells the process
 * waiting on it ({@code ticket-closed}).
 */
@RestController
@Tag(name = "CRM")
class RecordsController {

  private final JdbcTemplate jdbc;
  private final Json json;
  private final Outbox outbox;
  private final ProcessService processes;

  private final java.util.List<TicketAccess> ticketAccess;

  RecordsController(JdbcTemplate jdbc, Json json, Outbox outbox, ProcessService processes, java.util.List<TicketAccess> ticketAccess) {
    this.ticketAccess = ticketAccess;
    this.jdbc = jdbc;
    this.json = json;
    this.outbox = outbox;
    this.processes = processes;
  }

  record CompanyInput(@Size(max = 300) String name, @Size(max = 300) String domain, Map<String, Object> properties) {}

  @PutMapping("/api/companies/{id}")
  Map<String, Object> putCompany(@PathVariable @Pattern(regexp = ContactInput.ID) String id, @Valid @RequestBody CompanyInput in) {
    jdbc.update(
        "INSERT INTO companies (id, name, domain, properties) VALUES (?, ?, ?, coalesce(?::jsonb, '{}')) ON CONFLICT (id) DO UPDATE SET"
            + " name = coalesce(EXCLUDED.name, companies.name), domain = coalesce(EXCLUDED.domain, companies.domain),"
            + " properties = companies.properties || EXCLUDED.properties, updated_at = now()",
        id, in.name(), in.domain(), json.write(in.properties()));
    return jdbc.queryForMap("SELECT id, name, domain, properties::text AS properties FROM companies WHERE id = ?", id);
  }

  record DealInput(
      @Pattern(regexp = ContactInput.ID) String contactId,
      @Pattern(regexp = ContactInput.ID) String companyId,
      @Size(max = 300) String name,
      @Size(max = 100) String stage,
      BigDecimal amount,
      Instant closedAt,
      Map<String, Object> properties) {}

  @PutMapping("/api/deals/{id}")
  Map<String, Object> putDeal(@PathVariable @Pattern(regexp = ContactInput.ID) String id, @Valid @RequestBody DealInput in) {
    jdbc.update(
        "INSERT INTO deals (id, contact_id, company_id, name, stage, amount, closed_at, properties) VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?::jsonb, '{}'))"
            + " ON CONFLICT (id) DO UPDATE SET contact_id = coalesce(EXCLUDED.contact_id, deals.contact_id),"
            + " company_id = coalesce(EXCLUDED.company_id, deals.company_id), name = coalesce(EXCLUDED.name, deals.name),"
            + " stage = coalesce(EXCLUDED.stage, deals.stage), amount = coalesce(EXCLUDED.amount, deals.amount),"
            + " closed_at = coalesce(EXCLUDED.closed_at, deals.closed_at), properties = deals.properties || EXCLUDED.properties, updated_at = now()",
        id, in.contactId(), in.companyId(), in.name(), in.stage(), in.amount(), in.closedAt() == null ? null : Timestamp.from(in.closedAt()), json.write(in.properties()));
    if (in.contactId() != null) {
      outbox.event("contact.changed", in.contactId(), Map.of("contactId", in.contactId(), "created", false));
    }
    return jdbc.queryForMap("SELECT id, contact_id, company_id, name, stage, amount, closed_at FROM deals WHERE id = ?", id);
  }

  /**
   * An AGENT caller (not an admin) works only its own tickets and those of the work it may do (a
   * conversation's ticket goes with the conversation); anything else is a 403, as for
   * conversations. Unknown tickets answer 404 on their own.
   */
  private void mayWork(String ticketId) {
    if (!dev.pulse.platform.security.Callers.isOnlyAgent()) {
      return;
    }
    String agent = dev.pulse.platform.security.Callers.agentId().orElse(null);
    Map<String, Object> t = jdbc.queryForList("SELECT owner_id, source_key FROM tickets WHERE id = ?", ticketId).stream().findFirst().orElse(null);
    if (t == null) {
      return;
    }
    if (agent != null && (agent.equals(t.get("owner_id")) || ticketAccess.stream().anyMatch(a -> a.agentMayWork(agent, (String) t.get("source_key"))))) {
      return;
    }
    throw new ErrorResponseException(HttpStatus.FORBIDDEN, ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
        "Agent '" + agent + "' neither owns ticket '" + ticketId + "' nor works the conversation it came from"), null);
  }

  @GetMapping("/api/tickets/{id}")
  Map<String, Object> ticket(@PathVariable String id) {
    mayWork(id);
    return read(id);
  }

  private Map<String, Object> read(String id) {
    return jdbc.queryForList(
            "SELECT id, source_key, contact_id, subject, pipeline, stage, priority, owner_id, escalated_at, closed_at, created_at FROM tickets WHERE id = ?", id)
        .stream().findFirst().orElseThrow(() -> notFound(id));
  }

  record StageInput(@NotBlank @Size(max = 100) String stage) {}

  @PutMapping("/api/tickets/{id}/stage")
  @Operation(summary = "Move a ticket to another stage of its pipeline")
  Map<String, Object> moveTicket(@PathVariable String id, @Valid @RequestBody StageInput in) {
    mayWork(id);
    if (jdbc.update("UPDATE tickets SET stage = ?, updated_at = now() WHERE id = ? AND closed_at IS NULL", in.stage(), id) == 0) {
      ticket(id); // 404 when unknown
      throw new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Ticket '" + id + "' is closed"), null);
    }
    outbox.event("ticket.stage-changed", id, Map.of("ticketId", id, "stage", in.stage()));
    return ticket(id);
  }

  @PostMapping("/api/tickets/{id}/close")
  @Operation(summary = "Close a ticket; the process waiting on it (e.g. an unhappy follow-up) goes on")
  @Transactional
  public Map<String, Object> closeTicket(@PathVariable String id) {
    ticket(id);
    if (jdbc.update("UPDATE tickets SET stage = 'closed', closed_at = now(), updated_at = now() WHERE id = ? AND closed_at IS NULL", id) == 1) {
      outbox.event("ticket.closed", id, Map.of("ticketId", id));
      processes.publish("ticket-closed", id, Map.of(), Duration.ofHours(1), "ticket-closed-" + id);
    }
    return ticket(id);
  }

  private static ErrorResponseException notFound(String id) {
    return new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No ticket '" + id + "'"), null);
  }
}
