package dev.pulse.chatflows;

import dev.pulse.surveys.SurveyInput.FilterGroupInput;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A chatflow as the HubSpot chatflow editor defines one: its inbox and language, the welcome
 * message and the heading, email capture, how it shows on desktop and mobile and what triggers
 * it, what it does when the team is away, offline or at capacity, the consent it asks for, the
 * chat survey it ends with, where it shows (targeting), its priority and whether it is on.
 */
@dev.pulse.platform.StrictBody
public record ChatflowInput(
    @NotBlank String inboxId,
    @NotBlank @Size(max = 200) String name,
    @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter language code such as en") String language,
    Boolean enabled,
    @Min(0) @Max(1000) Integer priority,
    @Size(max = 1000) String welcomeMessage,
    @Valid Heading heading,
    @Valid EmailCapture emailCapture,
    @Valid Display display,
    @Valid Availability availability,
    @Valid Consent consent,
    String chatSurveyId,
    @Valid Targeting targeting) {

  public enum HeadingMode { SPECIFIC_USERS, CONTACT_OWNER, BRAND }

  /** Who the visitor sees at the top of the chat: some users and teams, the contact's owner (with a fallback), or the brand. */
  public record Heading(@NotNull HeadingMode mode, List<String> userIds, List<String> teamIds, List<String> fallbackUserIds,
      @Size(max = 200) String brandName, @Size(max = 2000) String brandImageUrl) {}

  public enum CaptureWhen { NEVER, BEFORE_FIRST_MESSAGE, AFTER_FIRST_MESSAGE, WHEN_AWAY }

  public record EmailCapture(@NotNull CaptureWhen when, @Size(max = 500) String text) {}

  public enum Behaviour { WELCOME_AS_PROMPT, LAUNCHER_ONLY, WELCOME_THEN_OPEN }

  public enum TriggerType { IMMEDIATE, EXIT_INTENT, SECONDS_ON_PAGE, PERCENT_SCROLLED }

  public record Trigger(@NotNull TriggerType type, @Min(0) @Max(3600) Integer value) {}

  public record Display(Behaviour desktop, Behaviour mobile, @Valid Trigger trigger) {}

  public enum WhenOffline { RETURN_TIME, AWAY_MESSAGE, HIDE_LAUNCHER }

  public enum AtCapacity { WAITING_MESSAGE, HIDE_LAUNCHER, NOTHING }

  /** What the widget says or does when the team is available, away within hours, offline, or all at capacity. */
  public record Availability(@Size(max = 100) String typicalReplyTime, @Size(max = 1000) String awayMessage,
      WhenOffline whenOffline, AtCapacity atCapacity, @Size(max = 1000) String waitingMessage) {}

  public enum CookieBanner { NONE, BEFORE_CHAT, ON_EXIT_INTENT }

  public enum ProcessingConsent { NONE, EXPLICIT, LEGITIMATE_INTEREST }

  public record Consent(CookieBanner cookieBanner, ProcessingConsent processing, @Size(max = 2000) String processingText,
      @Size(max = 200) String subscriptionType) {}

  public enum UrlOperator { IS, IS_NOT, CONTAINS, DOES_NOT_CONTAIN, STARTS_WITH, ENDS_WITH, MATCHES }

  /** A page rule: the URL (MATCHES takes {@code /*} wildcards), or a query parameter when {@code parameter} is set. */
  public record UrlRule(@NotNull UrlOperator operator, @NotBlank @Size(max = 2000) String value, @Size(max = 200) String parameter) {}

  /** All rules of a group must hold (AND); one group is enough (OR). */
  public record RuleGroup(@NotNull @Size(min = 1, max = 50) List<@Valid UrlRule> rules) {}

  public enum Visitors { ALL, KNOWN_CONTACTS, UNKNOWN_VISITORS }

  public record Targeting(@Size(max = 50) List<@Valid RuleGroup> groups, @Size(max = 50) List<@Valid UrlRule> exclusions,
      Visitors visitors, List<@NotBlank String> listIds, @Size(max = 20) List<@Valid FilterGroupInput> contactFilters, Boolean hideOnMobile) {}
}
