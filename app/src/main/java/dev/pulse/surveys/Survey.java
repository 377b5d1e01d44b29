package dev.pulse.surveys;

import java.time.Instant;

/** A stored survey: its definition and where it is in its lifecycle. */
public record Survey(String id, SurveyInput definition, Status status, Instant publishedAt, Instant createdAt, Instant updatedAt) {

  public enum Status {
    DRAFT,
    PUBLISHED,
    UNPUBLISHED
  }
}
