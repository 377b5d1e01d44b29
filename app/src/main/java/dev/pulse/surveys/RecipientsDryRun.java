package dev.pulse.surveys;

import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import dev.pulse.rules.CompiledRuleBase;
import dev.pulse.rules.RuleBases;
import dev.pulse.rules.RuleDomain;
import dev.pulse.rules.RuleFailure;
import dev.pulse.surveys.facts.Eligible;
import dev.pulse.surveys.facts.Excluded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * What a change would do before it is made: a candidate recipients rule set, or a survey's
 * candidate recipients, decided against the stored contacts beside what decides them now. It
 * reports who would enter and who would leave each published survey (with the reason, now and
 * after), counts and a sample. Large stores are done in slices: each call stops after its time
 * budget or contact limit and returns the cursor to go on from, so a caller (the console) shows
 * progress; nothing is stored and nothing is sent. {@code q} narrows the contacts (id or email
 * containing it).
 */
@Service
public class RecipientsDryRun {

  /** One (survey, contact) whose decision would change. */
  public record Change(String surveyId, String contactId, String contact, String now, String after) {}

  /** The slice's result; {@code nextCursor} null when every contact was decided. */
  public record Result(
      String candidate, Integer liveVersion, List<String> surveys, long contacts, int scanned, String nextCursor, boolean complete,
      Map<String, Long> counts, List<Change> entering, List<Change> leaving, List<Change> failing, long elapsedMs) {}

  private final SurveyService surveys;
  private final ContactService contacts;
  private final RecipientFacts facts;
  private final SurveyEnrollment enrollment;
  private final RuleBases rules;
  private final JdbcTemplate jdbc;

  RecipientsDryRun(SurveyService surveys, ContactService contacts, RecipientFacts facts, SurveyEnrollment enrollment, RuleBases rules, JdbcTemplate jdbc) {
    this.surveys = surveys;
    this.contacts = contacts;
    this.facts = facts;
    this.enrollment = enrollment;
    this.rules = rules;
    this.jdbc = jdbc;
  }

  /**
   * Decides each contact after {@code cursor} (by id) for each survey, with the live rules and the
   * candidate ({@code candidateRules}, or the live rules on {@code candidateSurveys}' definitions).
   */
  public Result run(String candidate, CompiledRuleBase candidateRules, List<Survey> current, List<Survey> candidateSurveys, String cursor, int limit,
      Duration budget, int sample, String query) {
    long began = System.nanoTime();
    RuleBases.Live live = rules.live(RuleDomain.RECIPIENTS).orElseThrow(() -> new RuleBases.NoLiveVersion(RuleDomain.RECIPIENTS, null));
    CompiledRuleBase after = candidateRules == null ? live.rules() : candidateRules;
    String like = query == null || query.isBlank() ? null : "%" + query.strip().toLowerCase(java.util.Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%";
    String matching = " (?::text IS NULL OR lower(id) LIKE ? OR lower(coalesce(email, '')) LIKE ?)";
    long total = jdbc.queryForObject("SELECT count(*) FROM contacts WHERE" + matching, Long.class, like, like, like);
    List<String> ids = jdbc.queryForList("SELECT id FROM contacts WHERE" + matching + " AND (?::text IS NULL OR id > ?) ORDER BY id LIMIT ?", String.class,
        like, like, like, cursor, cursor, limit);
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("enter", 0L);
    counts.put("leave", 0L);
    counts.put("unchanged", 0L);
    counts.put("failing", 0L);
    List<Change> entering = new ArrayList<>();
    List<Change> leaving = new ArrayList<>();
    List<Change> failing = new ArrayList<>();
    int scanned = 0;
    String last = cursor;
    for (String id : ids) {
      if (scanned > 0 && System.nanoTime() - began > budget.toNanos()) {
        break;
      }
      Contact contact = contacts.find(id).orElse(null);
      scanned++;
      last = id;
      if (contact == null) {
        continue;
      }
      for (int i = 0; i < current.size(); i++) {
        Survey before = current.get(i);
        Survey candidateSurvey = candidateSurveys.get(i);
        boolean existing = enrollment.existing(before, contact);
        String now = decide(live.rules(), facts.of(before, contact, existing), contact.id());
        String then;
        try {
          then = decide(after, facts.of(candidateSurvey, contact, existing), contact.id());
        } catch (RuleFailure e) {
          counts.merge("failing", 1L, Long::sum);
          if (failing.size() < sample) {
            failing.add(new Change(before.id(), contact.id(), contact.displayName(), now, e.getMessage()));
          }
          continue;
        }
        boolean wasIn = now.startsWith("eligible");
        boolean isIn = then.startsWith("eligible");
        if (wasIn == isIn) {
          counts.merge("unchanged", 1L, Long::sum);
        } else if (isIn) {
          counts.merge("enter", 1L, Long::sum);
          if (entering.size() < sample) {
            entering.add(new Change(before.id(), contact.id(), contact.displayName(), now, then));
          }
        } else {
          counts.merge("leave", 1L, Long::sum);
          if (leaving.size() < sample) {
            leaving.add(new Change(before.id(), contact.id(), contact.displayName(), now, then));
          }
        }
      }
    }
    boolean complete = scanned == ids.size() && ids.size() < limit;
    return new Result(candidate, live.version(), current.stream().map(Survey::id).toList(), total, scanned, complete ? null : last, complete, counts,
        entering, leaving, failing, (System.nanoTime() - began) / 1_000_000);
  }

  /** "eligible (rule)" or "excluded: reason (rule)". */
  private static String decide(CompiledRuleBase rules, List<Object> given, String contactId) {
    CompiledRuleBase.Evaluation e = rules.evaluate(given, false);
    var no = e.decisions(Excluded.class).stream().filter(x -> contactId.equals(x.getContactId())).findFirst();
    var yes = e.decisions(Eligible.class).stream().filter(x -> contactId.equals(x.getContactId())).findFirst();
    if (no.isEmpty() && yes.isPresent()) {
      return "eligible (" + yes.get().getRule() + ")";
    }
    return "excluded: " + no.map(x -> x.getReason() + " (" + x.getRule() + ")").orElse("no rule made the contact eligible");
  }

  /** The published surveys (or the one named), each with itself as the candidate. */
  List<Survey> published(String onlySurvey) {
    if (onlySurvey != null) {
      return List.of(surveys.get(onlySurvey));
    }
    return surveys.all().stream().filter(s -> s.status() == Survey.Status.PUBLISHED).toList();
  }
}
