package dev.pulse.surveys;

import java.time.Instant;

/** One survey sent (or to be sent) to one contact, and how it ended. */
public record Delivery(
    String id,
    String surveyId,
    String contactId,
    int cycle,
    String channel,
    Status status,
    String skipReason,
    Long processInstanceKey,
    String conversationId,
    String agentId,
    String teamId,
    Instant scheduledAt,
    Instant sendAfter,
    Instant sentAt,
    Instant remindedAt,
    Instant expiresAt,
    Instant answeredAt,
    String context) {

  public enum Status {
    SCHEDULED,
    SENT,
    ANSWERED,
    EXPIRED,
    SKIPPED
  }
}
