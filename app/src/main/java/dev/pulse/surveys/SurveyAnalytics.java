package dev.pulse.surveys;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import dev.pulse.rules.RuleBases;
import dev.pulse.surveys.facts.ScoreBucket;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Survey figures for a period. A delivery counts in the period (and interval) it was sent in;
 * "answered" are those of them that were answered, and the scores are their answers'. The agent
 * and team are the ones credited at send time. The buckets are the scoring rules' ({@code
 * rules/scoring}), the one source of the thresholds: an answer counts in the bucket the rules gave
 * it when it was classified (what its follow-up acted on), or, not classified yet, in the one the
 * rules give it now. CSAT is the share of happy answers (4s and 5s by default), NPS is happy
 * (promoters, 9-10) minus unhappy (detractors, 0-6) in points, CES the mean, and the distribution
 * counts every score of the scale (zeros included).
 */
@Service
public class SurveyAnalytics {

  public enum Interval {
    DAY,
    WEEK,
    MONTH
  }

  public enum GroupBy {
    SURVEY,
    TYPE,
    CHANNEL,
    AGENT,
    TEAM,
    BUCKET
  }

  /** Which deliveries: sent in [from, to), optionally of one survey, type or channel, and (drill-down) one group. */
  public record Filter(
      Instant from, Instant to, String surveyId, String type, String channel, String agentId, String teamId, String bucket, LocalDate period,
      Interval interval) {}

  public record Row(
      String period, String group, long sent, long answered, Double responseRate, Double csat, Double nps, Double ces,
      Map<String, Map<Integer, Long>> distribution) {}

  public record Response(
      String responseId, String deliveryId, String surveyId, String surveyName, String type, String channel, int score, String bucket, String comment,
      String contactId, String agentId, String teamId, Instant sentAt, Instant answeredAt) {}

  private record Sent(
      String deliveryId, String surveyId, String surveyName, String type, String channel, String agentId, String teamId, Instant sentAt, String contactId,
      String responseId, Integer score, String bucket, String comment, Instant answeredAt) {}

  private static final String HAPPY = ScoreBucket.HAPPY.name();
  private static final String UNHAPPY = ScoreBucket.UNHAPPY.name();

  private final JdbcTemplate jdbc;
  private final RuleBases rules;

  SurveyAnalytics(JdbcTemplate jdbc, RuleBases rules) {
    this.jdbc = jdbc;
    this.rules = rules;
  }

  public List<Row> figures(Filter f, GroupBy groupBy) {
    Map<List<String>, List<Sent>> groups = new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
    List<Sent> sent = sent(f);
    if (f.interval() != null) {
      // every interval of the period, empty ones included
      for (LocalDate p = start(f.from(), f.interval()); p.atStartOfDay().toInstant(ZoneOffset.UTC).isBefore(f.to()); p = next(p, f.interval())) {
        if (groupBy == null) {
          groups.put(List.of(p.toString(), ""), new ArrayList<>());
        }
      }
    }
    for (Sent s : sent) {
      String period = f.interval() == null ? "" : start(s.sentAt(), f.interval()).toString();
      Object of = groupBy == null ? null : groupOf(s, groupBy);
      String group = of == null ? "" : of.toString(); // no agent / team: a group of its own, named null (never "null")
      groups.computeIfAbsent(List.of(period, group), k -> new ArrayList<>()).add(s);
    }
    List<Row> rows = new ArrayList<>();
    groups.forEach((key, members) -> rows.add(row(key.get(0).isEmpty() ? null : key.get(0), key.get(1).isEmpty() ? null : key.get(1), members)));
    return rows;
  }

  /** The answers behind a figure: the answered deliveries the filter (and group) selects, oldest answer first. */
  public List<Response> responses(Filter f) {
    return sent(f).stream().filter(s -> s.responseId() != null)
        .map(s -> new Response(s.responseId(), s.deliveryId(), s.surveyId(), s.surveyName(), s.type(), s.channel(), s.score(), s.bucket(), s.comment(),
            s.contactId(), s.agentId(), s.teamId(), s.sentAt(), s.answeredAt()))
        .sorted(java.util.Comparator.comparing(Response::answeredAt).thenComparing(Response::responseId))
        .toList();
  }

  private List<Sent> sent(Filter f) {
    StringBuilder sql = new StringBuilder(
        "SELECT d.id, d.survey_id, s.name, s.type, d.channel, d.agent_id, d.team_id, d.sent_at, d.contact_id,"
            + " r.id AS response_id, r.score, r.bucket, r.comment, r.answered_at"
            + " FROM deliveries d JOIN surveys s ON s.id = d.survey_id LEFT JOIN responses r ON r.delivery_id = d.id"
            + " WHERE d.sent_at >= ? AND d.sent_at < ?");
    List<Object> args = new ArrayList<>(List.of(Timestamp.from(f.from()), Timestamp.from(f.to())));
    condition(sql, args, "d.survey_id = ?", f.surveyId());
    condition(sql, args, "s.type = ?", f.type());
    condition(sql, args, "d.channel = ?", f.channel());
    condition(sql, args, "d.agent_id = ?", f.agentId());
    condition(sql, args, "d.team_id = ?", f.teamId());
    List<Sent> rows = jdbc.query(sql.toString(), (rs, i) -> new Sent(
        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
        rs.getTimestamp(8).toInstant(), rs.getString(9), rs.getString(10), rs.getObject(11, Integer.class), rs.getString(12), rs.getString(13),
        rs.getTimestamp(14) == null ? null : rs.getTimestamp(14).toInstant()), args.toArray());
    if (f.period() != null && f.interval() != null) {
      rows = rows.stream().filter(s -> start(s.sentAt(), f.interval()).equals(f.period())).toList();
    }
    rows = classified(rows);
    if (f.bucket() != null) {
      rows = rows.stream().filter(s -> f.bucket().equals(s.bucket())).toList();
    }
    return rows;
  }

  /** Answers the classify step has not reached yet get the bucket the scoring rules give them now (one evaluation per type and score). */
  private List<Sent> classified(List<Sent> rows) {
    Map<String, String> now = new HashMap<>();
    List<Sent> out = new ArrayList<>(rows.size());
    for (Sent s : rows) {
      if (s.responseId() == null || s.bucket() != null) {
        out.add(s);
        continue;
      }
      String bucket = now.computeIfAbsent(s.type() + ":" + s.score(), k -> ScoreBuckets.bucket(rules, SurveyInput.SurveyType.valueOf(s.type()), s.score()));
      out.add(new Sent(s.deliveryId(), s.surveyId(), s.surveyName(), s.type(), s.channel(), s.agentId(), s.teamId(), s.sentAt(), s.contactId(),
          s.responseId(), s.score(), bucket, s.comment(), s.answeredAt()));
    }
    return out;
  }

  private static Object groupOf(Sent s, GroupBy g) {
    return switch (g) {
      case SURVEY -> s.surveyId();
      case TYPE -> s.type();
      case CHANNEL -> s.channel();
      case AGENT -> s.agentId();
      case TEAM -> s.teamId();
      case BUCKET -> s.bucket() == null ? "UNANSWERED" : s.bucket();
    };
  }

  private static Row row(String period, String group, List<Sent> members) {
    long sent = members.size();
    List<Sent> answered = members.stream().filter(s -> s.responseId() != null).toList();
    Map<String, Map<Integer, Long>> distribution = new LinkedHashMap<>();
    for (Sent s : answered) {
      SurveyInput.SurveyType type = SurveyInput.SurveyType.valueOf(s.type());
      Map<Integer, Long> scale = distribution.computeIfAbsent(s.type(), t -> {
        Map<Integer, Long> empty = new LinkedHashMap<>();
        for (int score = type.min; score <= type.max; score++) {
          empty.put(score, 0L);
        }
        return empty;
      });
      scale.merge(s.score(), 1L, Long::sum);
    }
    return new Row(period, group, sent, answered.size(), sent == 0 ? null : round(100.0 * answered.size() / sent),
        share(answered, "CSAT", bucket -> HAPPY.equals(bucket) ? 1 : 0),
        share(answered, "NPS", bucket -> HAPPY.equals(bucket) ? 1 : UNHAPPY.equals(bucket) ? -1 : 0),
        mean(answered, "CES"), distribution);
  }

  /** Percent: the sum of {@code weight} (of each answer's bucket) over the answers of a type, per answer of that type. */
  private static Double share(List<Sent> answered, String type, Function<String, Integer> weight) {
    List<Sent> of = answered.stream().filter(s -> s.type().equals(type)).toList();
    return of.isEmpty() ? null : round(100.0 * of.stream().mapToInt(s -> weight.apply(s.bucket())).sum() / of.size());
  }

  private static Double mean(List<Sent> answered, String type) {
    List<Sent> of = answered.stream().filter(s -> s.type().equals(type)).toList();
    return of.isEmpty() ? null : round(of.stream().mapToInt(Sent::score).average().orElse(0));
  }

  private static Double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  static LocalDate start(Instant at, Interval interval) {
    LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
    return switch (interval) {
      case DAY -> day;
      case WEEK -> day.minusDays(day.getDayOfWeek().getValue() - 1L); // ISO weeks start on Monday
      case MONTH -> day.withDayOfMonth(1);
    };
  }

  private static LocalDate next(LocalDate p, Interval interval) {
    return switch (interval) {
      case DAY -> p.plusDays(1);
      case WEEK -> p.plus(1, ChronoUnit.WEEKS);
      case MONTH -> p.plusMonths(1);
    };
  }

  private static void condition(StringBuilder sql, List<Object> args, String clause, Object value) {
    if (value != null) {
      sql.append(" AND ").append(clause);
      args.add(value);
    }
  }
}
