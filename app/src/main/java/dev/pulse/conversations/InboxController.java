package dev.pulse.conversations;

import jakarta.validation.Valid;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.swagger.v3.oas.annotations.media.Schema;
import dev.pulse.platform.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Configuring the inbox: teams, agents (and their status), calendars, inboxes, channels. */
@RestController
@Tag(name = "Inbox")
class InboxController {

  private final InboxRepository inboxes;
  private final ConversationService conversations;
  private final InboxAvailability availability;
  private final dev.pulse.surveys.SurveyService surveys;

  InboxController(InboxRepository inboxes, ConversationService conversations, InboxAvailability availability,
      dev.pulse.surveys.SurveyService surveys) {
    this.surveys = surveys;
    this.availability = availability;
    this.inboxes = inboxes;
    this.conversations = conversations;
  }

  /**
   * An agent as stored: its JSON keeps the columns' snake_case names, and {@code teams},
   * {@code skills}, {@code languages} and {@code channel_capacity} are JSON texts (as they always
   * were in this answer; {@code GET /api/agents} has them as JSON).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record StoredAgent(String id, String name, String email, String status, Boolean paidSeat,
      @Schema(description = "JSON text: a list of team ids") String teams,
      @Schema(description = "JSON text: a list of skills") String skills,
      @Schema(description = "JSON text: a list of language tags") String languages,
      Integer capacity,
      @Schema(description = "JSON text: conversations at most per channel type") String channelCapacity,
      Instant lastAssignedAt) {

    static StoredAgent of(Map<String, Object> row) {
      return new StoredAgent((String) row.get("id"), (String) row.get("name"), (String) row.get("email"), (String) row.get("status"),
          (Boolean) row.get("paid_seat"), (String) row.get("teams"), (String) row.get("skills"), (String) row.get("languages"),
          (Integer) row.get("capacity"), (String) row.get("channel_capacity"),
          row.get("last_assigned_at") instanceof java.sql.Timestamp t ? t.toInstant() : null);
    }
  }

  record StoredTeam(String id, String name) {}

  record StoredCalendar(String id, InboxModel.Calendar calendar) {}

  record StoredInbox(String id, InboxModel.Inbox inbox) {}

  record StoredChannel(String id, InboxModel.Channel channel) {}

  @PutMapping("/api/teams/{id}")
  StoredTeam putTeam(@PathVariable String id,
      @Valid @RequestBody InboxModel.Team in) {
    InboxModel.Team team = in;
    inboxes.putTeam(id, team);
    return new StoredTeam(id, team.name());
  }

  @PutMapping("/api/agents/{id}")
  @Operation(summary = "Create or update an agent: teams, paid seat, status, capacity (overall and per channel), skills")
  StoredAgent putAgent(@PathVariable String id,
      @Valid @RequestBody InboxModel.Agent in) {
    InboxModel.Agent agent = in;
    inboxes.putAgent(id, agent);
    if ("available".equals(agent.status())) {
      conversations.nudgeQueue();
    }
    return StoredAgent.of(inboxes.agent(id).orElseThrow());
  }

  @dev.pulse.platform.StrictBody
  record Status(@NotBlank @Pattern(regexp = "available|away|offline", message = "must be available, away or offline") String status) {}

  @PutMapping("/api/agents/{id}/status")
  @Operation(summary = "Set an agent's status; becoming available wakes the longest-waiting queued conversations")
  StoredAgent status(@PathVariable String id,
      @Valid @RequestBody Status in) {
    if (dev.pulse.platform.security.Callers.isOnlyAgent() && !dev.pulse.platform.security.Callers.agentId().map(id::equals).orElse(false)) {
      throw new org.springframework.web.ErrorResponseException(org.springframework.http.HttpStatus.FORBIDDEN,
          org.springframework.http.ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatus.FORBIDDEN, "An agent sets only its own status"), null);
    }
    conversations.agentStatus(id, in.status());
    return StoredAgent.of(inboxes.agent(id).orElseThrow());
  }

  @PutMapping("/api/calendars/{id}")
  @Operation(summary = "Weekly hours (several periods a day), holidays and a time zone, or alwaysOpen")
  StoredCalendar putCalendar(@PathVariable String id,
      @Valid @RequestBody InboxModel.Calendar in) {
    InboxModel.Calendar calendar = in;
    try {
      BusinessCalendar.of(calendar);
    } catch (IllegalArgumentException e) {
      String[] where = e.getMessage().split("\\|", 2);
      throw StrictJson.invalidField(where[0], where.length > 1 ? where[1] : e.getMessage());
    }
    inboxes.putCalendar(id, calendar);
    return new StoredCalendar(id, calendar);
  }

  @PutMapping("/api/inboxes/{id}")
  @Operation(summary = "An inbox: its calendar, routing policy, SLA and linked chat survey")
  StoredInbox putInbox(@PathVariable String id,
      @Valid @RequestBody InboxModel.Inbox in) {
    InboxModel.Inbox inbox = in;
    if (inbox.calendarId() != null && inboxes.calendar(inbox.calendarId()).isEmpty()) {
      throw StrictJson.invalidField("calendarId", "is not a known calendar");
    }
    knownAgents("routing.userIds", inbox.routing() == null ? null : inbox.routing().userIds());
    knownAgents("access.userIds", inbox.access() == null ? null : inbox.access().userIds());
    knownTeams("routing.teamIds", inbox.routing() == null ? null : inbox.routing().teamIds());
    knownTeams("access.teamIds", inbox.access() == null ? null : inbox.access().teamIds());
    positive("rerouteAfter", inbox.rerouteAfter());
    positive("queueRetry", inbox.queueRetry());
    if (inbox.sla() != null) {
      positive("sla.firstResponse", inbox.sla().firstResponse());
      positive("sla.nextResponse", inbox.sla().nextResponse());
    }
    if (inbox.chatSurveyId() != null) {
      dev.pulse.surveys.Survey survey;
      try {
        survey = surveys.get(inbox.chatSurveyId());
      } catch (org.springframework.web.ErrorResponseException notFound) {
        throw StrictJson.invalidField("chatSurveyId", "is not a known survey");
      }
      if (survey.definition().delivery() != dev.pulse.surveys.SurveyInput.Delivery.CHAT) {
        throw StrictJson.invalidField("chatSurveyId", "is a " + survey.definition().delivery() + " survey; an inbox's closing survey is a CHAT survey");
      }
    }
    inboxes.putInbox(id, inbox);
    return new StoredInbox(id, inbox);
  }

  private void knownAgents(String field, java.util.Collection<String> ids) {
    if (ids == null) {
      return;
    }
    for (String agent : new java.util.TreeSet<>(ids)) {
      if (inboxes.agent(agent).isEmpty()) {
        throw StrictJson.invalidField(field, "names '" + agent + "', which is not a known agent (PUT /api/agents/{id} first)");
      }
    }
  }

  private void knownTeams(String field, java.util.Collection<String> ids) {
    if (ids == null) {
      return;
    }
    for (String team : new java.util.TreeSet<>(ids)) {
      if (!inboxes.teamExists(team)) {
        throw StrictJson.invalidField(field, "names '" + team + "', which is not a known team (PUT /api/teams/{id}, or give an agent that team)");
      }
    }
  }

  private static void positive(String field, java.time.Duration d) {
    if (d != null && (d.isZero() || d.isNegative())) {
      throw StrictJson.invalidField(field, "must be a positive duration such as PT30M, got " + d);
    }
  }

  @GetMapping("/api/inboxes/{id}/availability")
  @Operation(summary = "available / away / at_capacity / offline now, and when it opens next in the visitor's time zone")
  InboxAvailability.Availability availability(@PathVariable String id, @RequestParam(defaultValue = "UTC") String tz) {
    ZoneId zone;
    try {
      zone = ZoneId.of(tz);
    } catch (Exception e) {
      throw StrictJson.invalidField("tz", "is not a time zone such as Europe/Berlin");
    }
    return availability.of(id, zone).orElseThrow(() -> ConversationService.notFound("No inbox '" + id + "'"));
  }

  @PutMapping("/api/channels/{id}")
  @Operation(summary = "A channel (TEAM_EMAIL, CHAT, MESSENGER, FORM, WHATSAPP, CALL) of an inbox; a team email's from-name, address and signature;"
      + " a Messenger greeting (sent to the connector on pulse.outbound-messages when it changes)")
  StoredChannel putChannel(@PathVariable String id,
      @Valid @RequestBody InboxModel.Channel in) {
    InboxModel.Channel channel = in;
    if (inboxes.inbox(channel.inboxId()).isEmpty()) {
      throw StrictJson.invalidField("inboxId", "is not a known inbox");
    }
    if (channel.teamEmail() != null && channel.type() != InboxModel.ChannelType.TEAM_EMAIL) {
      throw StrictJson.invalidField("teamEmail", "applies to TEAM_EMAIL channels; this one is " + channel.type());
    }
    if (channel.greeting() != null && channel.type() != InboxModel.ChannelType.MESSENGER) {
      throw StrictJson.invalidField("greeting", "applies to MESSENGER channels; this one is " + channel.type());
    }
    conversations.putChannel(id, channel);
    return new StoredChannel(id, channel);
  }
}
