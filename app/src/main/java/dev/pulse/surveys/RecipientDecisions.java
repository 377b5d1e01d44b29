package dev.pulse.surveys;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pulse.platform.Json;
import dev.pulse.rules.CompiledRuleBase;
import dev.pulse.rules.RuleBases;
import dev.pulse.rules.RuleDomain;
import dev.pulse.surveys.facts.Eligible;
import dev.pulse.surveys.facts.Excluded;
import dev.pulse.surveys.facts.InAudience;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Decides whether a contact gets a survey with the recipients rules, and keeps the answer with
 * its trace, so "why did (or didn't) this contact get the survey?" can be asked later.
 */
@Service
public class RecipientDecisions {

  /** The stored answer for one (survey, contact). */
  public record Decision(
      String surveyId,
      String contactId,
      boolean eligible,
      String reason,
      String rule,
      List<String> decisions,
      List<String> firedRules,
      int rulesVersion,
      Instant decidedAt,
      boolean inAudience,
      String trigger) {}

  private final RuleBases ruleBases;
  private final JdbcTemplate jdbc;
  private final Json json;
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  RecipientDecisions(RuleBases ruleBases, JdbcTemplate jdbc, Json json) {
    this.ruleBases = ruleBases;
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Evaluates the recipients rules for one contact (the facts hold its Recipient, the survey's
   * Audience, and its send history and conversations) and stores the decision.
   */
  public Decision decide(String surveyId, String contactId, Collection<?> facts) {
    return decide(surveyId, contactId, facts, null);
  }

  /**
   * As {@link #decide(String, String, Collection)}, saying which change asked for the decision
   * ({@code trigger}: "contact updated", "added to list 'vip'", "time: ...", "published").
   */
  public Decision decide(String surveyId, String contactId, Collection<?> facts, String trigger) {
    RuleBases.Evaluated result = ruleBases.evaluate(RuleDomain.RECIPIENTS, facts);
    CompiledRuleBase.Evaluation evaluation = result.evaluation();
    Optional<Excluded> excluded =
        evaluation.decisions(Excluded.class).stream().filter(e -> contactId.equals(e.getContactId())).findFirst();
    Optional<Eligible> eligible =
        evaluation.decisions(Eligible.class).stream().filter(e -> contactId.equals(e.getContactId())).findFirst();
    boolean yes = excluded.isEmpty() && eligible.isPresent();
    boolean inAudience = evaluation.decisions(InAudience.class).stream().anyMatch(a -> contactId.equals(a.getContactId()));
    String reason = excluded.map(Excluded::getReason).orElse(yes ? null : "no rule made the contact eligible");
    String rule = excluded.map(Excluded::getRule).orElse(eligible.map(Eligible::getRule).orElse(null));
    List<String> decisions = evaluation.described();
    Instant now = Instant.now();
    jdbc.update(
        "INSERT INTO recipient_decisions (survey_id, contact_id, eligible, reason, rule, decisions, fired_rules, rules_version, decided_at, trigger)"
            + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)"
            + " ON CONFLICT (survey_id, contact_id) DO UPDATE SET eligible = EXCLUDED.eligible, reason = EXCLUDED.reason,"
            + " rule = EXCLUDED.rule, decisions = EXCLUDED.decisions, fired_rules = EXCLUDED.fired_rules,"
            + " rules_version = EXCLUDED.rules_version, decided_at = EXCLUDED.decided_at, trigger = EXCLUDED.trigger",
        surveyId,
        contactId,
        yes,
        reason,
        rule,
        json.write(decisions),
        json.write(evaluation.firedRules()),
        result.version(),
        java.sql.Timestamp.from(now),
        trigger);
    return new Decision(surveyId, contactId, yes, reason, rule, decisions, evaluation.firedRules(), result.version(), now, inAudience, trigger);
  }

  /** The stored decision for (survey, contact), if one was made. */
  public Optional<Decision> find(String surveyId, String contactId) {
    return jdbc.query(
            "SELECT * FROM recipient_decisions WHERE survey_id = ? AND contact_id = ?",
            (rs, i) ->
                new Decision(
                    rs.getString("survey_id"),
                    rs.getString("contact_id"),
                    rs.getBoolean("eligible"),
                    rs.getString("reason"),
                    rs.getString("rule"),
                    json.read(rs.getString("decisions"), STRINGS),
                    json.read(rs.getString("fired_rules"), STRINGS),
                    rs.getInt("rules_version"),
                    rs.getTimestamp("decided_at").toInstant(),
                    json.read(rs.getString("decisions"), STRINGS).stream().anyMatch(d -> d.startsWith("InAudience")),
                    rs.getString("trigger")),
            surveyId,
            contactId)
        .stream()
        .findFirst();
  }
}
