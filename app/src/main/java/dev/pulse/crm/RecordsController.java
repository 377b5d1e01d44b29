package dev.pulse.crm;

import dev.pulse.processes.ProcessService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
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
  private final CrmRecords records;
  private final ProcessService processes;
  private final java.util.List<TicketAccess> ticketAccess;

  RecordsController(JdbcTemplate jdbc, CrmRecords records, ProcessService processes, java.util.List<TicketAccess> ticketAccess) {
    this.ticketAccess = ticketAccess;
    this.jdbc = jdbc;
    this.records = records;
    this.processes = processes;
  }

  @PutMapping("/api/companies/{id}")
  @Operation(summary = "Create or update a company; every contact of it is decided again for the published surveys")
  CrmRecords.Company putCompany(@PathVariable @Pattern(regexp = ContactInput.ID) String id, @Valid @RequestBody CrmRecords.CompanyInput in) {
    return records.putCompany(id, in);
  }

  @PutMapping("/api/deals/{id}")
  @Operation(summary = "Create or update a deal; its contact is decided again for the published surveys")
  CrmRecords.Deal putDeal(@PathVariable @Pattern(regexp = ContactInput.ID) String id, @Valid @RequestBody CrmRecords.DealInput in) {
    return records.putDeal(id, in);
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
  Ticket ticket(@PathVariable String id) {
    mayWork(id);
    return read(id);
  }

  private Ticket read(String id) {
    return jdbc.query("SELECT " + Ticket.COLUMNS + " FROM tickets t WHERE t.id = ?", Ticket.ROW, id).stream().findFirst().orElseThrow(() -> notFound(id));
  }

  record StageInput(@NotBlank @Size(max = 100) String stage) {}

  @PutMapping("/api/tickets/{id}/stage")
  @Operation(summary = "Move a ticket to another stage of its pipeline")
  Ticket moveTicket(@PathVariable String id, @Valid @RequestBody StageInput in) {
    mayWork(id);
    if (!records.moveTicket(id, in.stage())) {
      ticket(id); // 404 when unknown
      throw new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Ticket '" + id + "' is closed"), null);
    }
    return ticket(id);
  }

  @PostMapping("/api/tickets/{id}/close")
  @Operation(summary = "Close a ticket; the process waiting on it (e.g. an unhappy follow-up) goes on")
  @Transactional
  public Ticket closeTicket(@PathVariable String id) {
    ticket(id);
    if (records.closeTicket(id)) {
      processes.publish(TicketJobs.TICKET_CLOSED, id, Map.of(), Duration.ofHours(1), "ticket-closed-" + id);
    }
    return ticket(id);
  }

  private static ErrorResponseException notFound(String id) {
    return new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No ticket '" + id + "'"), null);
  }
}
