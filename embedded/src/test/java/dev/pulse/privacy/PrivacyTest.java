package dev.pulse.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Erasure leaves no trace of the person anywhere in the database, keeps the counts, and is audited; retention purges old personal data. */
class PrivacyTest extends PulseStackTest {

  @Test
  void erasingAContactLeavesNoRowWithItsIdOrEmailButKeepsTheCounts() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String contact = "erase-me-" + tag;
    String email = "Erase.Me-" + tag + "@x.test";
    putJson("/api/contacts/" + contact, "{\"email\":\"" + email + "\",\"firstname\":\"Erin\",\"lastname\":\"Eraseme" + tag
        + "\",\"lifecycleStage\":\"customer\",\"becameCustomerAt\":\"" + Instant.now().minus(Duration.ofDays(40)) + "\"}");
    putJson("/api/lists/erase-list-" + tag, "{\"name\":\"Erase " + tag + "\"}");
    rest.exchange("/api/lists/erase-list-" + tag + "/members/" + contact, HttpMethod.PUT, null, Void.class);

    // an email survey triggered for them (a rule trace, a scheduled delivery, a running instance)
    String emailSurvey = postJson("/api/surveys", "{\"name\":\"Erase email " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\",\"delay\":{\"amount\":1,\"unit\":\"DAYS\"}}")
        .getBody().get("id").asText();
    postJson("/api/surveys/" + emailSurvey + "/publish", "{}");
    // the contact's own update event may enroll them first (the consumer races this request); either way there is one delivery
    JsonNode triggered = postJson("/api/surveys/" + emailSurvey + "/deliveries", "{\"contactId\":\"" + contact + "\"}").getBody();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE survey_id = ? AND contact_id = ?", Integer.class, emailSurvey, contact))
        .as(triggered.toString()).isEqualTo(1);

    // a web survey they answered unhappily, with a comment that names them (a response, a ticket)
    String host = "erase-" + tag + ".example";
    String webSurvey = postJson("/api/surveys", "{\"name\":\"Erase web " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"WEB\","
        + "\"webTargeting\":{\"pages\":[\"" + host + "/*\"],\"priority\":1}}").getBody().get("id").asText();
    postJson("/api/surveys/" + webSurvey + "/publish", "{}");
    JsonNode served = postJson("/api/targeting/evaluate", "{\"url\":\"https://" + host + "/\",\"visitorId\":\"v-" + tag + "\",\"contactId\":\"" + contact + "\"}")
        .getBody();
    String token = served.at("/webSurvey/token").asText();
    assertThat(postJson("/api/responses", "{\"token\":\"" + token + "\",\"score\":1,\"comment\":\"Write to me at " + email + "\",\"channel\":\"WEB\"}")
        .getStatusCode()).isEqualTo(HttpStatus.CREATED);
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM tickets WHERE contact_id = ?", Integer.class, contact) == 1);

    // a conversation in which they wrote their email address
    putJson("/api/inboxes/erase-" + tag, "{\"name\":\"Erase\"}");
    putJson("/api/channels/erase-" + tag, "{\"inboxId\":\"erase-" + tag + "\",\"type\":\"TEAM_EMAIL\",\"name\":\"Mail\"}");
    postJson("/api/channels/erase-" + tag + "/messages",
        "{\"messageId\":\"em-" + tag + "\",\"from\":{\"email\":\"" + email + "\",\"name\":\"Erin\"},\"body\":\"Hello, I am " + email + "\"}");
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM conversations WHERE contact_id = ?", Integer.class, contact) == 1);
    assertThat(tablesMentioning(contact, email)).as("the fixture really spread the contact around").hasSizeGreaterThan(6);

    ResponseEntity<JsonNode> erased = rest.exchange("/api/contacts/" + contact, HttpMethod.DELETE, null, JsonNode.class);
    assertThat(erased.getStatusCode()).as(String.valueOf(erased.getBody())).isEqualTo(HttpStatus.OK);
    String pseudonym = erased.getBody().get("pseudonym").asText();
    assertThat(erased.getBody().get("instancesCanceled").asInt()).isPositive();

    // nothing anywhere names them, however long the projection of the engine takes to settle
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(tablesMentioning(contact, email)).isEmpty());
    assertThat(tablesMentioning(contact.toUpperCase(), email.toLowerCase())).isEmpty();
    // the counts stay: the answer is still there, under a pseudonym, without its comment
    assertThat(jdbc.queryForObject("SELECT count(*) FROM responses WHERE survey_id = ? AND score = 1 AND comment IS NULL AND contact_id = ?",
        Integer.class, webSurvey, pseudonym)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE survey_id = ? AND status = 'SKIPPED'", Integer.class, emailSurvey)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.contact_id = ? AND m.body = '[erased]'",
        Integer.class, pseudonym)).isEqualTo(1);

    JsonNode audit = rest.getForObject("/api/audit?action=CONTACT_ERASE&target=" + pseudonym, JsonNode.class);
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).get("actor").asText()).isEqualTo("key:bootstrap admin (configured)");
    assertThat(rest.exchange("/api/contacts/" + contact, HttpMethod.DELETE, null, JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void theConsentGivenInTheWidgetIsKeptWithTheConversation() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/inboxes/consent-" + tag, "{\"name\":\"Consent\"}");
    putJson("/api/channels/consent-" + tag, "{\"inboxId\":\"consent-" + tag + "\",\"type\":\"CHAT\",\"name\":\"Chat\"}");
    postJson("/api/channels/consent-" + tag + "/messages", "{\"messageId\":\"c1-" + tag + "\",\"from\":{\"visitorId\":\"v-" + tag + "\"},"
        + "\"body\":\"Hi\",\"consent\":{\"processing\":true,\"communication\":false}}");
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList(
        "SELECT consent::text FROM conversations WHERE channel_id = ?", String.class, "consent-" + tag).stream().anyMatch(c -> c.contains("processing")));
    // a later message that gives communication consent adds to it
    postJson("/api/channels/consent-" + tag + "/messages", "{\"messageId\":\"c2-" + tag + "\",\"from\":{\"visitorId\":\"v-" + tag + "\"},"
        + "\"body\":\"Yes, send me news\",\"consent\":{\"communication\":true}}");
    assertThat(jdbc.queryForObject("SELECT consent->>'processing' || '/' || (consent->>'communication') FROM conversations WHERE channel_id = ?", String.class,
        "consent-" + tag)).isEqualTo("true/true");
    ResponseEntity<JsonNode> bad = postJson("/api/channels/consent-" + tag + "/messages", "{\"messageId\":\"c3-" + tag + "\",\"from\":{\"visitorId\":\"v-" + tag + "\"},"
        + "\"body\":\"x\",\"consent\":{\"processing\":\"maybe\"}}");
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void retentionStripsPersonalDataFromWhatEndedBeforeTheCutoff() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String contact = "old-" + tag;
    putJson("/api/contacts/" + contact, "{\"email\":\"old-" + tag + "@x.test\"}");
    String host = "old-" + tag + ".example";
    String survey = postJson("/api/surveys", "{\"name\":\"Old web " + tag + "\",\"type\":\"NPS\",\"delivery\":\"WEB\","
        + "\"webTargeting\":{\"pages\":[\"" + host + "/*\"],\"priority\":1}}").getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");
    String token = postJson("/api/targeting/evaluate", "{\"url\":\"https://" + host + "/\",\"visitorId\":\"v-" + tag + "\",\"contactId\":\"" + contact + "\"}")
        .getBody().at("/webSurvey/token").asText();
    postJson("/api/responses", "{\"token\":\"" + token + "\",\"score\":9,\"comment\":\"Old news\",\"channel\":\"WEB\"}");
    jdbc.update("UPDATE responses SET answered_at = now() - interval '400 days' WHERE survey_id = ?", survey);
    jdbc.update("UPDATE deliveries SET finished_at = now() - interval '400 days' WHERE survey_id = ?", survey);

    Map<String, Integer> purged = context.getBean(RetentionPurge.class).purge(Instant.now().minus(Duration.ofDays(365)));
    assertThat(purged.get("responses")).isPositive();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM responses WHERE survey_id = ? AND score = 9 AND comment IS NULL AND contact_id LIKE 'purged-%'",
        Integer.class, survey)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE survey_id = ? AND contact_id = ?", Integer.class, survey, contact)).isZero();
    assertThat(rest.getForObject("/api/audit?action=RETENTION_PURGE", JsonNode.class).size()).isPositive();
  }

  /** Every table.column whose text holds the id or the email (case-insensitive). */
  private List<String> tablesMentioning(String id, String email) {
    List<String> found = new ArrayList<>();
    List<Map<String, Object>> columns = jdbc.queryForList(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            + " AND data_type IN ('text', 'character varying', 'jsonb', 'json') AND table_name <> 'flyway_schema_history'");
    for (Map<String, Object> c : columns) {
      String sql = "SELECT count(*) FROM \"" + c.get("table_name") + "\" WHERE position(lower(?) IN lower(\"" + c.get("column_name") + "\"::text)) > 0";
      if (jdbc.queryForObject(sql, Integer.class, id) > 0 || jdbc.queryForObject(sql, Integer.class, email) > 0) {
        found.add(c.get("table_name") + "." + c.get("column_name"));
      }
    }
    return found;
  }
}
