package dev.pulse.surveys;

import java.time.Instant;
import java.util.Map;

/** A stored answer: one per delivery, with the agent and team fixed when the survey was sent. */
public record SurveyResponse(
    String id,
    String deliveryId,
    String surveyId,
    String contactId,
    String surveyType,
    int score,
    String bucket,
    String comment,
    Map<String, Boolean> consent,
    String channel,
    String agentId,
    String teamId,
    Instant answeredAt) {}
