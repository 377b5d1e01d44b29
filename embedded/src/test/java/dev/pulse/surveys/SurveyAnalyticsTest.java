package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Survey analytics on known data (deliveries and answers written straight into the tables, in
 * March 2001, so nothing else counts): every figure exactly, empty intervals, a survey without
 * answers, the drill-down returning exactly the counted answers, and the CSV round-tripping.
 */
class SurveyAnalyticsTest extends PulseStackTest {

  private String csat;
  private String nps;
  private String ces;
  private String silent;

  @BeforeEach
  void knownData() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    csat = survey("CSAT", "EMAIL", tag);
    nps = survey("NPS", "CHAT", tag);
    ces = survey("CES", "WEB", tag);
    silent = survey("CSAT", "EMAIL", tag + " silent");
    // CSAT: week of Monday 5 March: 5 (ann), 2 (ann, with a comma and quotes), unanswered (bob), 4 (bob); 20 March: unanswered (ann)
    sent(csat, "EMAIL", "ann", "t1", "2001-03-05T10:00:00Z", 5, "HAPPY", "Great, thanks");
    sent(csat, "EMAIL", "ann", "t1", "2001-03-05T11:00:00Z", 2, "UNHAPPY", "Slow, \"very\" slow\nand rude");
    sent(csat, "EMAIL", "bob", "t2", "2001-03-06T09:00:00Z", null, null, null);
    sent(csat, "EMAIL", "bob", "t2", "2001-03-07T09:00:00Z", 4, "HAPPY", null);
    sent(csat, "EMAIL", "ann", "t1", "2001-03-20T09:00:00Z", null, null, null);
    // NPS: two promoters, one passive, two detractors, one unanswered
    for (Integer score : new Integer[] {10, 9, 7, 3, 0, null}) {
      sent(nps, "CHAT", "cy", "t3", "2001-03-06T12:00:00Z", score, null, null);
    }
    // CES: 2, 5, 6
    for (int score : new int[] {2, 5, 6}) {
      sent(ces, "WEB", null, null, "2001-03-06T13:00:00Z", score, null, null);
    }
    sent(silent, "EMAIL", "ann", "t1", "2001-03-08T08:00:00Z", null, null, null);
  }

  @Test
  void weeklyFiguresCountEveryIntervalIncludingEmptyOnes() {
    JsonNode rows = figures("from=2001-03-01&to=2001-04-01&interval=week&surveyId=" + csat).get("rows");
    assertThat(rows.findValuesAsText("period")).containsExactly("2001-02-26", "2001-03-05", "2001-03-12", "2001-03-19", "2001-03-26");
    assertThat(rows.findValuesAsText("sent")).containsExactly("0", "4", "0", "1", "0");
    assertThat(rows.findValuesAsText("answered")).containsExactly("0", "3", "0", "0", "0");
    JsonNode week = rows.get(1);
    assertThat(week.get("responseRate").asDouble()).isEqualTo(75.0);
    assertThat(week.get("csat").asDouble()).isEqualTo(66.67);
    assertThat(absent(week.path("nps"))).isTrue();
    assertThat(week.at("/distribution/CSAT").toString()).isEqualTo("{\"1\":0,\"2\":1,\"3\":0,\"4\":1,\"5\":1}");
    assertThat(rows.get(3).get("responseRate").asDouble()).isZero();
    assertThat(absent(rows.get(3).path("csat"))).isTrue();
    assertThat(absent(rows.get(0).path("responseRate"))).as("nothing sent: no rate").isTrue();

    JsonNode empty = figures("from=2001-06-01&to=2001-06-03&interval=day&surveyId=" + csat).get("rows");
    assertThat(empty.findValuesAsText("period")).containsExactly("2001-06-01", "2001-06-02");
    assertThat(empty.findValuesAsText("sent")).containsExactly("0", "0");
  }

  @Test
  void npsCesByAgentByTypeAndASurveyWithoutAnswers() {
    JsonNode n = figures("from=2001-03-01&to=2001-04-01&surveyId=" + nps).get("rows").get(0);
    assertThat(n.get("sent").asInt()).isEqualTo(6);
    assertThat(n.get("answered").asInt()).isEqualTo(5);
    assertThat(n.get("responseRate").asDouble()).isEqualTo(83.33);
    assertThat(n.get("nps").asDouble()).isEqualTo(0.0);
    assertThat(n.at("/distribution/NPS").toString()).isEqualTo("{\"0\":1,\"1\":0,\"2\":0,\"3\":1,\"4\":0,\"5\":0,\"6\":0,\"7\":1,\"8\":0,\"9\":1,\"10\":1}");
    assertThat(figures("from=2001-03-01&to=2001-04-01&surveyId=" + ces).at("/rows/0/ces").asDouble()).isEqualTo(4.33);

    JsonNode byAgent = figures("from=2001-03-01&to=2001-04-01&groupBy=agent&surveyId=" + csat).get("rows");
    assertThat(byAgent.findValuesAsText("group")).containsExactly("ann", "bob");
    assertThat(byAgent.findValuesAsText("sent")).containsExactly("3", "2");
    assertThat(byAgent.findValuesAsText("csat")).containsExactly("50.0", "100.0");
    JsonNode noAgent = figures("from=2001-03-01&to=2001-04-01&groupBy=agent&surveyId=" + ces).get("rows");
    assertThat(noAgent).hasSize(1);
    assertThat(absent(noAgent.get(0).path("group"))).as("answers credited to no agent: no group name, not the text \"null\"").isTrue();
    assertThat(noAgent.get(0).get("sent").asInt()).isEqualTo(3);

    JsonNode byBucket = figures("from=2001-03-01&to=2001-04-01&groupBy=bucket&surveyId=" + csat).get("rows");
    assertThat(byBucket.findValuesAsText("group")).containsExactly("HAPPY", "UNANSWERED", "UNHAPPY");
    assertThat(byBucket.findValuesAsText("sent")).containsExactly("2", "2", "1");

    JsonNode none = figures("from=2001-03-01&to=2001-04-01&surveyId=" + silent).get("rows").get(0);
    assertThat(none.get("sent").asInt()).isEqualTo(1);
    assertThat(none.get("answered").asInt()).isZero();
    assertThat(none.get("responseRate").asDouble()).isZero();
    assertThat(absent(none.path("csat"))).isTrue();
    assertThat(none.path("distribution").size()).isZero();

    ResponseEntity<JsonNode> bad = rest.getForEntity("/api/analytics/surveys?from=2001-03-01&to=2001-04-01&groupBy=colour", JsonNode.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().get("errors").findValuesAsText("field")).contains("groupBy");
  }

  /**
   * The thresholds live in the scoring rules only: a 3 the rules classified happy (an analyst made
   * CSAT 3 happy) counts as satisfied, where "4s and 5s" written in Java would not; an answer not
   * classified yet gets the bucket the rules give it now (3 is neutral in the shipped rules).
   */
  @Test
  void theFiguresCountTheBucketsTheScoringRulesGaveNotThresholdsOfTheirOwn() {
    String edited = survey("CSAT", "EMAIL", UUID.randomUUID().toString().substring(0, 8) + " edited rules");
    sent(edited, "EMAIL", "ann", "t1", "2001-03-05T10:00:00Z", 3, "HAPPY", null);
    sent(edited, "EMAIL", "ann", "t1", "2001-03-05T11:00:00Z", 3, null, null);

    JsonNode row = figures("from=2001-03-01&to=2001-04-01&surveyId=" + edited).get("rows").get(0);
    assertThat(row.get("csat").asDouble()).isEqualTo(50.0);
    JsonNode byBucket = figures("from=2001-03-01&to=2001-04-01&groupBy=bucket&surveyId=" + edited).get("rows");
    assertThat(byBucket.findValuesAsText("group")).containsExactly("HAPPY", "NEUTRAL");
    JsonNode neutral = rest.getForEntity("/api/analytics/surveys/responses?from=2001-03-01&to=2001-04-01&bucket=NEUTRAL&surveyId=" + edited, JsonNode.class).getBody();
    assertThat(neutral.findValuesAsText("bucket")).containsExactly("NEUTRAL");
  }

  @Test
  void theDrillDownReturnsExactlyTheCountedAnswersAndTheCsvRoundTrips() {
    JsonNode week = figures("from=2001-03-01&to=2001-04-01&interval=week&surveyId=" + csat).at("/rows/1");
    JsonNode behind = rest.getForObject("/api/analytics/surveys/responses?from=2001-03-01&to=2001-04-01&interval=week&period=2001-03-05&surveyId=" + csat,
        JsonNode.class);
    assertThat(behind.get("total").asInt()).isEqualTo(week.get("answered").asInt()).isEqualTo(3);
    assertThat(behind.get("items").findValuesAsText("score")).containsExactly("5", "2", "4");
    JsonNode ann = rest.getForObject("/api/analytics/surveys/responses?from=2001-03-01&to=2001-04-01&agentId=ann&surveyId=" + csat, JsonNode.class);
    assertThat(ann.get("total").asInt()).isEqualTo(2);
    JsonNode paged = rest.getForObject("/api/analytics/surveys/responses?from=2001-03-01&to=2001-04-01&size=2&page=1&surveyId=" + csat, JsonNode.class);
    assertThat(paged.get("items").findValuesAsText("score")).containsExactly("4");

    String csv = rest.getForObject("/api/analytics/surveys/responses.csv?from=2001-03-01&to=2001-04-01&surveyId=" + csat, String.class);
    List<List<String>> parsed = parseCsv(csv);
    assertThat(parsed.get(0)).startsWith("responseId", "deliveryId", "surveyId");
    List<JsonNode> items = StreamSupport.stream(
        rest.getForObject("/api/analytics/surveys/responses?from=2001-03-01&to=2001-04-01&surveyId=" + csat, JsonNode.class).get("items").spliterator(), false).toList();
    assertThat(parsed).hasSize(items.size() + 1);
    for (int i = 0; i < items.size(); i++) {
      List<String> row = parsed.get(i + 1);
      JsonNode item = items.get(i);
      assertThat(row.get(0)).isEqualTo(item.get("responseId").asText());
      assertThat(row.get(6)).isEqualTo(item.get("score").asText());
      assertThat(row.get(8)).isEqualTo(item.path("comment").asText(""));
      assertThat(Instant.parse(row.get(13))).isEqualTo(Instant.parse(item.get("answeredAt").asText()));
    }
    assertThat(parsed.get(2).get(8)).isEqualTo("Slow, \"very\" slow\nand rude");
  }

  // ---- data ----

  private String survey(String type, String delivery, String tag) {
    return postJson("/api/surveys", "{\"name\":\"Analytics " + type + " " + tag + "\",\"type\":\"" + type + "\",\"delivery\":\"" + delivery + "\"}")
        .getBody().get("id").asText();
  }

  private void sent(String survey, String channel, String agent, String team, String at, Integer score, String bucket, String comment) {
    String delivery = UUID.randomUUID().toString();
    Timestamp sentAt = Timestamp.from(Instant.parse(at));
    jdbc.update("INSERT INTO deliveries (id, survey_id, contact_id, cycle, channel, status, agent_id, team_id, sent_at, answered_at, scheduled_at)"
            + " VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)",
        delivery, survey, "c-" + delivery, channel, score == null ? "SENT" : "ANSWERED", agent, team, sentAt,
        score == null ? null : new Timestamp(sentAt.getTime() + 3_600_000), sentAt);
    if (score != null) {
      String type = jdbc.queryForObject("SELECT type FROM surveys WHERE id = ?", String.class, survey);
      jdbc.update("INSERT INTO responses (id, delivery_id, survey_id, contact_id, survey_type, score, bucket, comment, channel, agent_id, team_id, answered_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          UUID.randomUUID().toString(), delivery, survey, "c-" + delivery, type, score, bucket, comment, channel, agent, team,
          new Timestamp(sentAt.getTime() + 3_600_000));
    }
  }

  /** The API leaves out fields that have no value. */
  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull();
  }

  private JsonNode figures(String query) {
    ResponseEntity<JsonNode> r = rest.getForEntity("/api/analytics/surveys?" + query, JsonNode.class);
    assertThat(r.getStatusCode()).as(String.valueOf(r.getBody())).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }

  /** An RFC 4180 reader, written here independently of the writer it checks. */
  private static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        cell.append(c);
      }
    }
    return rows;
  }
}
