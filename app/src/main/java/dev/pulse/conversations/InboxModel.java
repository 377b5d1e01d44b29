package dev.pulse.conversations;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The inbox's configuration as the API takes and stores it. */
final class InboxModel {

  private InboxModel() {}

  enum ChannelType {
    TEAM_EMAIL,
    CHAT,
    MESSENGER,
    FORM,
    WHATSAPP,
    CALL
  }

  @dev.pulse.platform.StrictBody
  record Team(@NotBlank @Size(max = 200) String name) {}

  @dev.pulse.platform.StrictBody
  record Agent(
      @Size(max = 200) String name,
      @Email String email,
      @Pattern(regexp = "available|away|offline", message = "must be available, away or offline") String status,
      Boolean paidSeat,
      Set<String> teams,
      Set<String> skills,
      Set<@Pattern(regexp = "[a-z]{2}(-[A-Z]{2})?", message = "must be a language tag such as en or de") String> languages,
      @Min(0) @Max(1000) Integer capacity,
      Map<String, @Min(0) Integer> channelCapacity) {}

  record Period(
      @NotNull @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be a time such as 09:00") String from,
      @NotNull @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d|24:00", message = "must be a time such as 17:30") String to) {}

  /** Weekly hours (several periods a day allowed), holidays and a time zone; or always open. */
  @dev.pulse.platform.StrictBody
  record Calendar(
      @NotBlank String timeZone,
      Boolean alwaysOpen,
      Map<String, List<@Valid Period>> weekly,
      List<@Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}", message = "must be a date such as 2026-12-25") String> holidays) {}

  record Routing(
      @NotNull @Pattern(regexp = "SPECIFIC|CONTACT_OWNER|NONE", message = "must be SPECIFIC, CONTACT_OWNER or NONE") String mode,
      Set<String> userIds,
      Set<String> teamIds,
      Boolean onlyAvailable,
      Set<String> requiredSkills) {}

  record Sla(Duration firstResponse, Duration nextResponse) {}

  /**
   * Who works the inbox besides whom its routing names: these agents and the agents of these
   * teams see and take its conversations, whatever the routing mode. Anybody else sees only what
   * is assigned to them.
   */
  record Access(Set<String> userIds, Set<String> teamIds) {}

  @dev.pulse.platform.StrictBody
  record Inbox(
      @NotBlank @Size(max = 200) String name,
      String calendarId,
      @Valid Routing routing,
      @Valid Access access,
      @Valid Sla sla,
      String chatSurveyId,
      Duration rerouteAfter,
      Duration queueRetry,
      @Valid Tickets tickets) {}

  /** Where the tickets of this inbox's ticket channels go: a pipeline and its first stage. */
  record Tickets(
      @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9_.-]{1,100}", message = "must be 1-100 letters, digits or . _ -") String pipeline,
      @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9_.-]{1,100}", message = "must be 1-100 letters, digits or . _ -") String stage) {}

  /**
   * A channel of an inbox. A TEAM_EMAIL channel may say how its replies are mailed
   * ({@code teamEmail}); a MESSENGER channel may have the greeting people see before they write.
   */
  @dev.pulse.platform.StrictBody
  record Channel(@NotBlank String inboxId, @NotNull ChannelType type, @Size(max = 200) String name, Boolean createTickets,
      @jakarta.validation.Valid TeamEmail teamEmail, @Size(max = 160) String greeting) {}

  /**
   * How a team email channel's replies go out: from {@code address} (the shared inbox customers
   * write to, also the Reply-To) under {@code fromName}, with {@code signature} below each reply.
   * Unset parts fall back to Pulse's sender address and the agent's name.
   */
  record TeamEmail(@jakarta.validation.constraints.Email @Size(max = 254) String address, @Size(max = 200) String fromName, @Size(max = 2000) String signature) {}
}
