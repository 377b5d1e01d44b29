package dev.pulse.surveys;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pulse.platform.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Survey analytics: figures per interval and group, the answers behind any figure, and a CSV of them. */
@RestController
@Tag(name = "Analytics")
class SurveyAnalyticsController {

  private final SurveyAnalytics analytics;

  SurveyAnalyticsController(SurveyAnalytics analytics) {
    this.analytics = analytics;
  }

  /** The figures of [from, to): one row per interval and/or group (interval and groupBy null when not asked). */
  record Figures(Instant from, Instant to, @JsonInclude(JsonInclude.Include.ALWAYS) SurveyAnalytics.Interval interval,
      @JsonInclude(JsonInclude.Include.ALWAYS) SurveyAnalytics.GroupBy groupBy, List<SurveyAnalytics.Row> rows) {}

  /** One page of the answers behind a figure, and how many there are in all. */
  record Responses(int total, int page, int size, List<SurveyAnalytics.Response> items) {}

  @GetMapping("/api/analytics/surveys")
  @Operation(summary = "Sent, answered, response rate, CSAT (% 4-5), NPS, CES mean and the full-scale distribution, for deliveries sent in [from, to);"
      + " per interval (day/week/month; empty ones included when not grouped) and/or group (survey, type, channel, agent, team, bucket)")
  Figures figures(
      @RequestParam String from, @RequestParam String to, @RequestParam(required = false) String interval,
      @RequestParam(required = false) String groupBy, @RequestParam(required = false) String surveyId, @RequestParam(required = false) String type,
      @RequestParam(required = false) String channel) {
    SurveyAnalytics.Filter f = filter(from, to, interval, surveyId, type, channel, null, null, null, null);
    SurveyAnalytics.GroupBy g = groupBy == null ? null : value(SurveyAnalytics.GroupBy.class, "groupBy", groupBy);
    return new Figures(f.from(), f.to(), f.interval(), g, analytics.figures(f, g));
  }

  @GetMapping("/api/analytics/surveys/responses")
  @Operation(summary = "The answers behind a figure: the same filters, plus the group's agentId, teamId, bucket and the interval's period (its first day); paged")
  Responses responses(
      @RequestParam String from, @RequestParam String to, @RequestParam(required = false) String interval, @RequestParam(required = false) String period,
      @RequestParam(required = false) String surveyId, @RequestParam(required = false) String type, @RequestParam(required = false) String channel,
      @RequestParam(required = false) String agentId, @RequestParam(required = false) String teamId, @RequestParam(required = false) String bucket,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
    if (page < 0 || page > 1_000_000 || size < 1 || size > 1000) {
      throw StrictJson.invalidField(page < 0 || page > 1_000_000 ? "page" : "size", page < 0 || page > 1_000_000 ? "is between 0 and 1000000" : "is between 1 and 1000");
    }
    List<SurveyAnalytics.Response> all = analytics.responses(filter(from, to, interval, surveyId, type, channel, agentId, teamId, bucket, period));
    return new Responses(all.size(), page, size, all.subList(Math.min(all.size(), page * size), Math.min(all.size(), (page + 1) * size)));
  }

  @GetMapping(value = "/api/analytics/surveys/responses.csv", produces = "text/csv")
  @Operation(summary = "The same answers as CSV, one row per answer (RFC 4180)")
  ResponseEntity<String> csv(
      @RequestParam String from, @RequestParam String to, @RequestParam(required = false) String interval, @RequestParam(required = false) String period,
      @RequestParam(required = false) String surveyId, @RequestParam(required = false) String type, @RequestParam(required = false) String channel,
      @RequestParam(required = false) String agentId, @RequestParam(required = false) String teamId, @RequestParam(required = false) String bucket) {
    StringBuilder csv = new StringBuilder("responseId,deliveryId,surveyId,surveyName,type,channel,score,bucket,comment,contactId,agentId,teamId,sentAt,answeredAt\r\n");
    for (SurveyAnalytics.Response r : analytics.responses(filter(from, to, interval, surveyId, type, channel, agentId, teamId, bucket, period))) {
      List<Object> cells = java.util.Arrays.asList(r.responseId(), r.deliveryId(), r.surveyId(), r.surveyName(), r.type(), r.channel(), r.score(), r.bucket(),
          r.comment(), r.contactId(), r.agentId(), r.teamId(), r.sentAt(), r.answeredAt());
      csv.append(String.join(",", cells.stream().map(SurveyAnalyticsController::cell).toList())).append("\r\n");
    }
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"survey-responses.csv\"")
        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
        .body(csv.toString());
  }

  /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled; a formula's lead neutralised for spreadsheets. */
  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
      text = "'" + text;
    }
    return text.matches("(?s).*[\",\r\n].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }

  private static SurveyAnalytics.Filter filter(
      String from, String to, String interval, String surveyId, String type, String channel, String agentId, String teamId, String bucket, String period) {
    Instant f = day("from", from);
    Instant t = day("to", to);
    if (!t.isAfter(f)) {
      throw StrictJson.invalidField("to", "is after from");
    }
    SurveyAnalytics.Interval i = interval == null ? null : value(SurveyAnalytics.Interval.class, "interval", interval);
    LocalDate p = null;
    if (period != null) {
      if (i == null) {
        throw StrictJson.invalidField("period", "needs an interval");
      }
      p = day("period", period).atZone(ZoneOffset.UTC).toLocalDate();
    }
    return new SurveyAnalytics.Filter(f, t, surveyId, type == null ? null : value(SurveyInput.SurveyType.class, "type", type).name(),
        channel == null ? null : value(SurveyInput.Delivery.class, "channel", channel).name(), agentId, teamId,
        bucket == null ? null : bucket.toUpperCase(Locale.ROOT), p, i);
  }

  /** A date (2026-11-01, midnight UTC) or an instant. */
  private static Instant day(String name, String value) {
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw StrictJson.invalidField(name, "is a date such as 2026-11-01 or an instant such as 2026-11-01T00:00:00Z");
    }
  }

  private static <E extends Enum<E>> E value(Class<E> type, String name, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw StrictJson.invalidField(name, "is one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }
}
