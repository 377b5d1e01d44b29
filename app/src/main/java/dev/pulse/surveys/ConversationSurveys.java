package dev.pulse.surveys;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The chat survey of a conversation, as the chat widget shows and answers it: the visitor proves
 * the conversation is theirs (their session), so no answer token reaches the browser.
 */
@Service
public class ConversationSurveys {

  /** The survey sent when the conversation closed: its question and scale, and whether it is answered. */
  public record Pending(String deliveryId, String surveyId, String type, String question, int min, int max, boolean answered) {}

  /** What the visitor is thanked with after answering. */
  public record Answered(String bucket, String heading, String body) {}

  private final JdbcTemplate jdbc;
  private final SurveyService surveys;
  private final ResponseService responses;
  private final dev.pulse.rules.RuleBases rules;

  ConversationSurveys(JdbcTemplate jdbc, SurveyService surveys, ResponseService responses, dev.pulse.rules.RuleBases rules) {
    this.rules = rules;
    this.jdbc = jdbc;
    this.surveys = surveys;
    this.responses = responses;
  }

  /** The chat survey sent for this conversation (the newest, when it was closed more than once). */
  public Optional<Pending> of(String conversationId) {
    return jdbc.query("SELECT id, survey_id, status FROM deliveries WHERE conversation_id = ? AND channel = 'CHAT' AND status IN ('SENT', 'ANSWERED')"
            + " ORDER BY sent_at DESC NULLS LAST, id DESC LIMIT 1",
        (rs, i) -> {
          SurveyInput definition = surveys.get(rs.getString(2)).definition();
          return new Pending(rs.getString(1), rs.getString(2), definition.type().name(), Surveys.question(definition), definition.type().min,
              definition.type().max, "ANSWERED".equals(rs.getString(3)));
        }, conversationId).stream().findFirst();
  }

  /** Stores the answer as POST /api/responses does (once; the score checked against the scale). */
  public ResponseService.Result answer(String deliveryId, int score, String comment) {
    return responses.submit(deliveryId, score, comment, null, "CHAT");
  }

  /** The thank-you texts of the bucket the score falls in (as the answer page shows them). */
  public Answered thanks(String surveyId, int score) {
    SurveyInput definition = surveys.get(surveyId).definition();
    String bucket = ScoreBuckets.bucket(rules, definition, score);
    SurveyInput.ThankYou t = Surveys.thankYou(definition, bucket);
    return new Answered(bucket, t.heading(), t.body());
  }
}
