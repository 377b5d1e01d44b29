package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

/**
 * Publishing is durable and enrolls each contact once, whatever moves under it: a run whose
 * holder died is taken over and resumed from its cursor; a publish racing CRM batch updates of
 * the same contacts still makes one delivery per contact; and the database refuses a second open
 * delivery whoever tries. (The packaged server killed and stopped mid-publish: {@code
 * CrashRecoveryIT}.)
 */
class DurableEnrollmentTest extends PulseStackTest {

  @Test
  void aRunWhoseHolderDiedIsTakenOverAndResumedFromItsCursorEnrollingEachContactOnce() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<String> ids = contacts("dur-" + tag, "durTag", tag, 30);
    String survey = draft("Resume " + tag, "durTag", tag);
    await("the contacts' changes applied while the survey is a draft").atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM outbox o WHERE o.event_type = 'contact.changed' AND o.message_key LIKE ? AND NOT EXISTS"
            + " (SELECT 1 FROM processed_events p WHERE p.consumer = 'surveys.contact-changed' AND p.event_id = o.id::text)",
        Integer.class, "dur-" + tag + "-%") == 0);
    // The state a SIGKILL leaves: published, the run RUNNING under a holder that stopped beating
    // ten minutes ago, its cursor after contact 09; contacts 00-11 were reached before the crash
    // (10 and 11 in the page the crash cut short).
    jdbc.update("UPDATE surveys SET status = 'PUBLISHED', published_at = now() WHERE id = ?", survey);
    jdbc.update("INSERT INTO survey_enrollments (survey_id, status, total, started_at, cursor, owner, heartbeat_at, attempts)"
        + " VALUES (?, 'RUNNING', 30, now() - interval '1 minute', ?, 'a-killed-replica', now() - interval '10 minutes', 1)", survey, ids.get(9));
    for (int i = 0; i <= 11; i++) {
      jdbc.update("INSERT INTO deliveries (id, survey_id, contact_id, channel, status, skip_reason) VALUES (?, ?, ?, 'EMAIL', 'SKIPPED', 'reached before the crash')",
          UUID.randomUUID().toString(), survey, ids.get(i));
    }

    await("the run taken over and finished").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> jdbc.queryForObject("SELECT status FROM survey_enrollments WHERE survey_id = ?", String.class, survey), "DONE"::equals);
    for (int i = 0; i < ids.size(); i++) {
      List<String> states = jdbc.queryForList("SELECT status FROM deliveries WHERE survey_id = ? AND contact_id = ?", String.class, survey, ids.get(i));
      assertThat(states).as("deliveries of " + ids.get(i)).isEqualTo(i <= 11 ? List.of("SKIPPED") : List.of("SCHEDULED"));
    }
    assertThat(jdbc.queryForObject("SELECT attempts FROM survey_enrollments WHERE survey_id = ?", Integer.class, survey)).isEqualTo(2);
    assertThat(jdbc.queryForObject("SELECT owner FROM survey_enrollments WHERE survey_id = ?", String.class, survey)).as("released when done").isNull();
  }

  @Test
  void aPublishRacingCrmBatchUpdatesOfTheSameContactsMakesOneDeliveryPerContact() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<String> ids = contacts("race-" + tag, "raceTag", tag, 60);
    String survey = draft("Race " + tag, "raceTag", tag);
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<?>> writers = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        int r = round;
        writers.add(CompletableFuture.runAsync(() -> assertThat(postJson("/api/contacts/batch", batch(ids, "raceTag", tag, "round-" + r)).getStatusCode().is2xxSuccessful()).isTrue(), pool));
      }
      writers.add(CompletableFuture.runAsync(() -> assertThat(postJson("/api/surveys/" + survey + "/publish", "{}").getStatusCode().value()).isEqualTo(200), pool));
      CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get();
    } finally {
      pool.shutdown();
    }
    await("every contact enrolled").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc.queryForObject(
        "SELECT count(DISTINCT contact_id) FROM deliveries WHERE survey_id = ?", Integer.class, survey) == ids.size());
    await("the enrollment done").atMost(Duration.ofSeconds(120))
        .until(() -> jdbc.queryForObject("SELECT status FROM survey_enrollments WHERE survey_id = ?", String.class, survey), "DONE"::equals);
    // the contact changes keep arriving over Kafka for a while: none of them makes a second delivery
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM deliveries WHERE survey_id = ?", Integer.class, survey) == ids.size());
    assertThat(jdbc.queryForList("SELECT contact_id FROM deliveries WHERE survey_id = ? GROUP BY contact_id HAVING count(*) > 1", String.class, survey)).isEmpty();
  }

  @Test
  void theDatabaseRefusesASecondOpenDeliveryOfOneSurveyToOneContact() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    contacts("twice-" + tag, "twiceTag", tag, 1);
    String survey = draft("Twice " + tag, "twiceTag", tag);
    jdbc.update("INSERT INTO deliveries (id, survey_id, contact_id, cycle, channel, status) VALUES (?, ?, 'twice', 1, 'EMAIL', 'SENT')", "t1-" + tag, survey);
    assertThatThrownBy(() -> jdbc.update("INSERT INTO deliveries (id, survey_id, contact_id, cycle, channel, status) VALUES (?, ?, 'twice', 2, 'EMAIL', 'SCHEDULED')", "t2-" + tag, survey))
        .isInstanceOf(DuplicateKeyException.class);
    // once the first has ended, the next cycle may open
    jdbc.update("UPDATE deliveries SET status = 'EXPIRED' WHERE id = ?", "t1-" + tag);
    assertThat(jdbc.update("INSERT INTO deliveries (id, survey_id, contact_id, cycle, channel, status) VALUES (?, ?, 'twice', 2, 'EMAIL', 'SCHEDULED')", "t2-" + tag, survey)).isEqualTo(1);
    jdbc.update("UPDATE deliveries SET status = 'SKIPPED' WHERE id = ?", "t2-" + tag);
  }

  /** A draft survey to the contacts whose property is the tag, sent 60 days after enrollment (so nothing is mailed here). */
  private String draft(String name, String property, String tag) {
    var created = postJson("/api/surveys", """
        {"name": "%s", "type": "CSAT", "delivery": "EMAIL", "delay": {"amount": 60, "unit": "DAYS"},
         "recipients": {"filterGroups": [{"filters": [{"property": "%s", "operator": "IS", "values": ["%s"]}]}]}}
        """.formatted(name, property, tag));
    assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
    return created.getBody().get("id").asText();
  }

  private List<String> contacts(String prefix, String property, String tag, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(prefix + "-" + String.format("%02d", i));
    }
    assertThat(postJson("/api/contacts/batch", batch(ids, property, tag, "created")).getStatusCode().is2xxSuccessful()).isTrue();
    return ids;
  }

  private static String batch(List<String> ids, String property, String tag, String touch) {
    StringJoiner batch = new StringJoiner(",", "{\"contacts\":[", "]}");
    for (String id : ids) {
      batch.add("{\"id\":\"" + id + "\",\"email\":\"" + id + "@x.test\",\"properties\":{\"" + property + "\":\"" + tag + "\",\"touch\":\"" + touch + "\"}}");
    }
    return batch.toString();
  }
}
