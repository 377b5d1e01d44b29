package dev.pulse.surveys;

import dev.pulse.rules.RuleBases;
import dev.pulse.rules.RuleDomain;
import dev.pulse.surveys.facts.Bucket;
import dev.pulse.surveys.facts.Response;
import dev.pulse.surveys.facts.SurveyType;
import java.util.List;

/**
 * The bucket a score falls in, for the texts shown at once (the answer page's follow-up question
 * and thank-you, the chat widget's thank-you). A scoring rule that fails must not cost the
 * customer their answer or the page: the neutral texts show, and the failure is listed in
 * /api/rules (the response's process raises the incident that names the rule).
 */
final class ScoreBuckets {

  private ScoreBuckets() {}

  static String bucket(RuleBases rules, SurveyInput s, int score) {
    return bucket(rules, s.type(), score);
  }

  static String bucket(RuleBases rules, SurveyInput.SurveyType type, int score) {
    try {
      List<Bucket> buckets = rules.evaluate(RuleDomain.SCORING, List.of(new Response("page", SurveyType.of(type.name()), score))).evaluation().decisions(Bucket.class);
      return buckets.isEmpty() ? "NEUTRAL" : buckets.get(0).getBucket().name();
    } catch (dev.pulse.rules.RuleFailure e) {
      return "NEUTRAL";
    }
  }
}
