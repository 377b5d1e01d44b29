package dev.pulse.surveys;

import java.time.Instant;

/**
 * A stored survey: its definition, where it is in its lifecycle, and the last failure to decide a
 * contact for it (null when none since it was last saved).
 */
public record Survey(String id, SurveyInput definition, Status status, Instant publishedAt, Instant createdAt, Instant updatedAt, EvaluationError lastError) {

  /**
   * The settings in force, defaults filled in where the definition says nothing, so an analyst
   * sees what the survey will do (e.g. a 30-day cooldown it never set).
   */
  @com.fasterxml.jackson.annotation.JsonProperty(value = "effective", access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
  public Effective effective() {
    return Effective.of(definition);
  }

  /** See {@link #effective()}. Durations are ISO-8601 ({@code PT12H}). */
  public record Effective(
      String language,
      int cooldownDays,
      boolean includeExistingContacts,
      boolean resendToResponders,
      String delay,
      int responseWindowDays,
      String reminderAfter) {

    static Effective of(SurveyInput s) {
      return new Effective(Surveys.language(s), Surveys.cooldownDays(s), Surveys.includeExisting(s), Surveys.resendToResponders(s),
          Surveys.delay(s).toString(), Surveys.windowDays(s), Surveys.reminderAfter(s).toString());
    }
  }

  /** Why deciding a contact for this survey failed, and when. */
  public record EvaluationError(String message, String contactId, Instant at) {}

  public enum Status {
    DRAFT,
    PUBLISHED,
    UNPUBLISHED
  }
}
