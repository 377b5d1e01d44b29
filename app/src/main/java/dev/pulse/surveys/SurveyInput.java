package dev.pulse.surveys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.rules.facts.Filter;
import dev.pulse.rules.facts.FilterGroup;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * A survey as the editor defines it (HubSpot's customer feedback survey fields). Stored whole as
 * the survey's definition; optional parts fall back to the defaults in {@link Surveys}.
 */
public record SurveyInput(
    @NotBlank @Size(max = 200) String name,
    @NotNull SurveyType type,
    @NotNull Delivery delivery,
    @Pattern(regexp = "[a-z]{2}(-[A-Z]{2})?", message = "must be a language tag such as en or de") String language,
    @Valid EmailSettings email,
    @Valid PerBucket followUpQuestion,
    @Valid ThankYous thankYou,
    ConsentMode consentMode,
    @Size(max = 2000) String consentText,
    @Valid Recipients recipients,
    @Valid Options options,
    @Valid Delay delay,
    @Valid ResponseWindow responseWindow,
    @Valid Notifications notifications,
    @Valid Automation automation,
    @Valid WebTargeting webTargeting,
    JsonNode chatLinks) {

  /** This definition with other recipients (a dry-run of a filter change). */
  public SurveyInput withRecipients(Recipients other) {
    return new SurveyInput(name, type, delivery, language, email, followUpQuestion, thankYou, consentMode, consentText, other, options, delay,
        responseWindow, notifications, automation, webTargeting, chatLinks);
  }

  public enum SurveyType {
    CSAT(1, 5),
    NPS(0, 10),
    CES(1, 7);

    public final int min;
    public final int max;

    SurveyType(int min, int max) {
      this.min = min;
      this.max = max;
    }
  }

  public enum Delivery {
    EMAIL,
    CHAT,
    WEB
  }

  public enum ConsentMode {
    NONE,
    COMMUNICATION_CHECKBOX,
    BOTH_CHECKBOXES,
    LEGITIMATE_INTEREST
  }

  /** The email and its personalization tokens, e.g. {@code {{contact.firstname|there}}}. */
  public record EmailSettings(
      @Size(max = 200) String companyName,
      @Size(max = 200) String fromName,
      @Email String fromAddress,
      @Size(max = 300) String subject,
      @Size(max = 300) String greeting,
      @Size(max = 2000) String intro,
      @Size(max = 500) String question,
      @Size(max = 2000) String body,
      @Size(max = 1000) String imageUrl,
      @Pattern(regexp = "#[0-9a-fA-F]{6}", message = "must be a colour such as #0055ff") String accentColor,
      /** The sender's postal address for the mail's footer; {@code pulse.mail.company-address} when unset. */
      @Size(max = 500) String companyAddress) {}

  public record PerBucket(@Size(max = 500) String unhappy, @Size(max = 500) String neutral, @Size(max = 500) String happy) {}

  public record ThankYou(@Size(max = 200) String heading, @Size(max = 2000) String body) {}

  public record ThankYous(@Valid ThankYou unhappy, @Valid ThankYou neutral, @Valid ThankYou happy) {}

  /** OR across filter groups, AND inside one; or static lists; neither means the default audience. */
  public record Recipients(@Valid List<@Valid FilterGroupInput> filterGroups, List<@NotBlank String> listIds) {}

  public record FilterGroupInput(@NotNull @Size(min = 1, max = 20) List<@Valid FilterInput> filters) {

    /** The group as the rules see it. */
    public FilterGroup toFact(int index) {
      List<Filter> facts = new ArrayList<>();
      for (FilterInput f : filters) {
        facts.add(new Filter(f.object() == null ? "contact" : f.object(), f.property(), f.operator(), f.values() == null ? List.of() : f.values()));
      }
      FilterGroup group = new FilterGroup(facts);
      group.setIndex(index);
      return group;
    }
  }

  public record FilterInput(
      @Pattern(regexp = "contact|company|deal|ticket", message = "must be contact, company, deal or ticket") String object,
      @NotBlank String property,
      @NotNull Filter.Operator operator,
      List<String> values) {}

  public record Options(Boolean includeExistingContacts, Boolean resendToResponders, @Min(0) @Max(365) Integer cooldownDays) {}

  public record Delay(@NotNull @Min(0) @Max(365) Integer amount, @NotNull DelayUnit unit) {}

  public enum DelayUnit {
    HOURS,
    DAYS
  }

  public record ResponseWindow(@NotNull @Min(1) @Max(90) Integer days, @Min(0) @Max(89) Integer reminderAfterDays) {}

  public record Notifications(List<@Email String> emails, List<String> teams, Boolean onlyWithComments) {}

  /**
   * A WEB survey's intercept: on which pages (URL patterns, {@code *} for any run of characters;
   * none means every page) and not on which, for whom (everyone, customers of more than 30 days,
   * the survey's recipient filter groups, or its lists), when it opens, how often it may come
   * back, whether it shows on phones, and its priority among the web surveys (lower wins).
   */
  public record WebTargeting(
      @Size(max = 50) List<@NotBlank @Size(max = 2000) String> pages,
      @Size(max = 50) List<@NotBlank @Size(max = 2000) String> excludedPages,
      WebAudience who,
      @Valid WebTrigger trigger,
      @Valid Frequency frequency,
      Boolean showOnMobile,
      @Min(1) @Max(10000) Integer priority) {}

  public enum WebAudience {
    ALL,
    CUSTOMERS_FOR_30_DAYS,
    CRITERIA,
    LISTS
  }

  public enum WebTriggerType {
    AFTER_SECONDS,
    SCROLL_PERCENT
  }

  public record WebTrigger(@NotNull WebTriggerType type, @NotNull @Min(0) @Max(3600) Integer value) {}

  public enum FrequencyType {
    NEVER_AGAIN,
    AFTER_DAYS,
    ALWAYS
  }

  public record Frequency(@NotNull FrequencyType type, @Min(1) @Max(365) Integer days) {}

  /** The follow-up process (a deployed BPMN process id) to call per bucket. */
  public record Automation(
      @Pattern(regexp = "[A-Za-z0-9_.-]+") String unhappy,
      @Pattern(regexp = "[A-Za-z0-9_.-]+") String neutral,
      @Pattern(regexp = "[A-Za-z0-9_.-]+") String happy) {}
}
