package dev.pulse.conversations;

import dev.pulse.crm.ContactService;
import dev.pulse.platform.security.Callers;
import dev.pulse.platform.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The unified inbox over REST: the conversation list (filters, sort, paging), a contact's
 * conversation history, and the lists an inbox screen needs (inboxes, channels,
 * agents, teams, calendars, tickets). An AGENT caller sees only the conversations and tickets it
 * works, as everywhere else.
 */
@RestController
@Tag(name = "Conversations")
class InboxApiController {

  private static final Set<String> STATUSES = Set.of("NEW", "ASSIGNED", "QUEUED", "CLOSED", "OPEN");
  private static final Set<String> CHANNELS = Arrays.stream(InboxModel.ChannelType.values()).map(Enum::name).collect(java.util.stream.Collectors.toSet());

  private final InboxQueries queries;
  private final ContactService contacts;

  InboxApiController(InboxQueries queries, ContactService contacts) {
    this.queries = queries;
    this.contacts = contacts;
  }

  @GetMapping("/api/conversations")
  @Operation(summary = "Conversations, filtered (inbox, status or OPEN, assignee or 'none', channel, contact, updated since), sorted (updatedAt or openedAt) and paged")
  InboxQueries.Page<InboxQueries.ConversationSummary> list(
      @RequestParam(required = false) String inboxId,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String assigneeId,
      @RequestParam(required = false) String channel,
      @RequestParam(required = false) String contactId,
      @RequestParam(required = false) String updatedSince,
      @RequestParam(defaultValue = "updatedAt") String sort,
      @RequestParam(defaultValue = "desc") String order,
      @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
    InboxQueries.ConversationFilter filter = filter(inboxId, status, assigneeId, channel, contactId, updatedSince);
    if (!Set.of("updatedAt", "openedAt").contains(sort)) {
      throw StrictJson.invalidField("sort", "is updatedAt or openedAt");
    }
    if (!Set.of("asc", "desc").contains(order)) {
      throw StrictJson.invalidField("order", "is asc or desc");
    }
    return queries.conversations(filter, workingAgent(), sort, "desc".equals(order), page, size);
  }

  @GetMapping("/api/contacts/{id}/conversations")
  @Operation(summary = "A contact's conversations, newest first, on every channel")
  InboxQueries.Page<InboxQueries.ConversationSummary> history(@PathVariable String id,
      @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
    contacts.find(id).orElseThrow(() -> ConversationService.notFound("No contact '" + id + "'"));
    return queries.conversations(new InboxQueries.ConversationFilter(null, null, null, false, null, id, null), workingAgent(), "openedAt", true, page, size);
  }

  @GetMapping("/api/inboxes")
  List<InboxQueries.InboxSummary> inboxes() {
    return queries.inboxes();
  }

  @GetMapping("/api/channels")
  List<InboxQueries.ChannelSummary> channels() {
    return queries.channels();
  }

  @GetMapping("/api/agents")
  @Operation(summary = "Agents with their status, teams, capacity and open conversations")
  List<InboxQueries.AgentSummary> agents() {
    return queries.agents();
  }

  @GetMapping("/api/teams")
  List<InboxQueries.TeamSummary> teams() {
    return queries.teams();
  }

  @GetMapping("/api/calendars")
  List<InboxQueries.CalendarSummary> calendars() {
    return queries.calendars();
  }

  @GetMapping("/api/tickets")
  @Operation(summary = "Tickets, newest first: status OPEN or CLOSED, of a contact or owner, paged; an agent sees its own and those of conversations it works")
  InboxQueries.Page<dev.pulse.crm.Ticket> tickets(
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String contactId,
      @RequestParam(required = false) String ownerId,
      @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
    if (status != null && !Set.of("OPEN", "CLOSED").contains(status)) {
      throw StrictJson.invalidField("status", "is OPEN or CLOSED");
    }
    return queries.tickets(status, contactId, ownerId, workingAgent(), page, size);
  }

  private static InboxQueries.ConversationFilter filter(String inboxId, String status, String assigneeId, String channel, String contactId, String updatedSince) {
    if (status != null && !STATUSES.contains(status)) {
      throw StrictJson.invalidField("status", "is one of " + new java.util.TreeSet<>(STATUSES));
    }
    if (channel != null && !CHANNELS.contains(channel)) {
      throw StrictJson.invalidField("channel", "is one of " + new java.util.TreeSet<>(CHANNELS));
    }
    Instant since = null;
    if (updatedSince != null) {
      try {
        since = Instant.parse(updatedSince);
      } catch (DateTimeParseException e) {
        throw StrictJson.invalidField("updatedSince", "is an ISO instant such as 2026-12-03T08:00:00Z");
      }
    }
    boolean unassigned = "none".equals(assigneeId);
    return new InboxQueries.ConversationFilter(inboxId, status, unassigned ? null : assigneeId, unassigned, channel, contactId, since);
  }

  /** The agent an AGENT caller acts as (its list is what it works); null for admins and analysts. */
  private static String workingAgent() {
    if (!Callers.isOnlyAgent()) {
      return null;
    }
    return Callers.agentId().orElseThrow(() -> forbidden("An AGENT caller must name its agent (the key's agentId, or the token's agent claim)"));
  }

  private static ErrorResponseException forbidden(String detail) {
    return new ErrorResponseException(HttpStatus.FORBIDDEN, ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail), null);
  }
}
