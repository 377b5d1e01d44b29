package dev.pulse.surveys;

import java.time.Instant;

/**
 * A stored survey: its definition, where it is in its lifecycle, and the last failure to decide a
 * contact for it (null when none since it was last saved).
 */
public record Survey(String id, SurveyInput definition, Status status, Instant publishedAt, Instant createdAt, Instant updatedAt, EvaluationError lastError) {

  /** Why deciding a contact for this survey failed, and when. */
  public record EvaluationError(String message, String contactId, Instant at) {}

  public enum Status {
    DRAFT,
    PUBLISHED,
    UNPUBLISHED
  }
}
