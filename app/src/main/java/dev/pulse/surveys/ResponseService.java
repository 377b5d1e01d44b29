package dev.pulse.surveys;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pulse.platform.Json;
import dev.pulse.platform.events.Outbox;
import dev.pulse.processes.ProcessService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where every answer lands, whatever it came through (the answer page, {@code POST
 * /api/responses}, {@code pulse.survey-responses}): stored once per delivery, announced as {@code
 * survey.answered}, and handed to the delivery's process as the {@code survey-response} message.
 */
@Service
public class ResponseService {

  public enum Outcome {
    STORED,
    ALREADY_ANSWERED,
    EXPIRED,
    NOT_OPEN,
    UNKNOWN_DELIVERY,
    SCORE_OUT_OF_RANGE
  }

  public record Result(Outcome outcome, SurveyResponse response, String detail) {}

  private final DeliveryRepository deliveries;
  private final SurveyRepository surveys;
  private final ProcessService processes;
  private final Outbox outbox;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final Json json;
  private static final TypeReference<Map<String, Boolean>> CONSENT = new TypeReference<>() {};

  ResponseService(
      DeliveryRepository deliveries, SurveyRepository surveys, ProcessService processes, Outbox outbox, JdbcTemplate jdbc, TransactionTemplate tx, Json json) {
    this.deliveries = deliveries;
    this.surveys = surveys;
    this.processes = processes;
    this.outbox = outbox;
    this.jdbc = jdbc;
    this.tx = tx;
    this.json = json;
  }

  /** Checks a score against the survey type's scale without storing anything. */
  public Optional<String> scoreProblem(SurveyInput.SurveyType type, int score) {
    return score < type.min || score > type.max
        ? Optional.of("score " + score + " is outside the " + type + " scale " + type.min + "-" + type.max)
        : Optional.empty();
  }

  public Result submit(String deliveryId, int score, String comment, Map<String, Boolean> consent, String channel) {
    Result result =
        tx.execute(status -> {
          Optional<Delivery> found = deliveries.lock(deliveryId);
          if (found.isEmpty()) {
            return new Result(Outcome.UNKNOWN_DELIVERY, null, "no delivery '" + deliveryId + "'");
          }
          Delivery d = found.get();
          switch (d.status()) {
            case ANSWERED -> {
              return new Result(Outcome.ALREADY_ANSWERED, find(deliveryId).orElse(null), "this survey was already answered");
            }
            case EXPIRED -> {
              return new Result(Outcome.EXPIRED, null, "this survey has closed");
            }
            case SCHEDULED, SKIPPED -> {
              return new Result(Outcome.NOT_OPEN, null, "this survey is not open for answers");
            }
            default -> {}
          }
          Survey survey = surveys.find(d.surveyId()).orElseThrow();
          Optional<String> problem = scoreProblem(survey.definition().type(), score);
          if (problem.isPresent()) {
            return new Result(Outcome.SCORE_OUT_OF_RANGE, null, problem.get());
          }
          String id = UUID.randomUUID().toString();
          jdbc.update(
              "INSERT INTO responses (id, delivery_id, survey_id, contact_id, survey_type, score, comment, consent, channel, agent_id, team_id)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)",
              id, deliveryId, d.surveyId(), d.contactId(), survey.definition().type().name(), score,
              comment == null || comment.isBlank() ? null : comment.strip(), json.write(consent == null ? Map.of() : consent),
              channel, d.agentId(), d.teamId());
          deliveries.markAnswered(deliveryId);
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("surveyId", d.surveyId());
          data.put("contactId", d.contactId());
          data.put("deliveryId", deliveryId);
          data.put("responseId", id);
          data.put("score", score);
          data.put("channel", channel);
          outbox.event("survey.answered", deliveryId, data);
          return new Result(Outcome.STORED, find(deliveryId).orElseThrow(), null);
        });
    if (result.outcome() == Outcome.STORED) {
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put(SurveyLifecycleProcess.VARIABLE_RESPONSE_ID, result.response().id());
      variables.put(SurveyLifecycleProcess.VARIABLE_SCORE, score);
      // the message id makes a repeated publish a no-op in the engine; the TTL covers a process
      // that has not reached its wait yet
      processes.publish(SurveyLifecycleProcess.MESSAGE_SURVEY_RESPONSE, deliveryId, variables, Duration.ofDays(1), "response-" + deliveryId);
    }
    return result;
  }

  public Optional<SurveyResponse> find(String deliveryId) {
    return jdbc.query("SELECT * FROM responses WHERE delivery_id = ?", (rs, i) -> new SurveyResponse(
            rs.getString("id"), rs.getString("delivery_id"), rs.getString("survey_id"), rs.getString("contact_id"),
            rs.getString("survey_type"), rs.getInt("score"), rs.getString("bucket"), rs.getString("comment"),
            json.read(rs.getString("consent"), CONSENT), rs.getString("channel"), rs.getString("agent_id"), rs.getString("team_id"),
            rs.getTimestamp("answered_at").toInstant()), deliveryId)
        .stream().findFirst();
  }

  void setBucket(String responseId, String bucket) {
    jdbc.update("UPDATE responses SET bucket = ? WHERE id = ?", bucket, responseId);
  }
}
