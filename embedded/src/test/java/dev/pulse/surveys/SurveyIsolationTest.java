package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * One survey in error never affects another: a filter value that is not what its operator takes
 * is refused at save, naming the field; and a survey that cannot be decided anyway (a definition
 * stored before that check) says so on itself while the contact is still enrolled in the others.
 */
class SurveyIsolationTest extends PulseStackTest {

  @Test
  void aFilterValueItsOperatorCannotTakeIsRefusedAtSave() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/contacts/iso-seed-" + tag, "{\"email\":\"iso-seed-" + tag + "@x.test\",\"properties\":{\"isoSince\":\"2026-01-01\",\"isoScore\":\"5\"}}");
    for (String[] bad : new String[][] {
        {"AFTER", "[\"yesterday\"]", "is not a date"},
        {"GREATER_THAN", "[\"many\"]", "is not a number"},
        {"BETWEEN", "[\"1\", \"2026-01-01\"]", "two numbers or two dates"}}) {
      ResponseEntity<JsonNode> refused = postJson("/api/surveys", """
          {"name": "Bad %s", "type": "CSAT", "delivery": "EMAIL",
           "recipients": {"filterGroups": [{"filters": [{"property": "%s", "operator": "%s", "values": %s}]}]}}"""
          .formatted(tag, bad[0].equals("AFTER") ? "isoSince" : "isoScore", bad[0], bad[1]));
      assertThat(refused.getStatusCode().value()).as(String.valueOf(refused.getBody())).isEqualTo(400);
      assertThat(refused.getBody().get("errors").findValuesAsText("field")).containsExactly("recipients.filterGroups[0].filters[0].values");
      assertThat(refused.getBody().toString()).contains(bad[2]);
    }
  }

  @Test
  void aSurveyThatCannotBeDecidedSaysSoAndTheContactIsStillEnrolledInTheOthers() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/contacts/iso-seed-" + tag, "{\"email\":\"iso-seed-" + tag + "@x.test\",\"properties\":{\"isoTag\":\"seed\",\"isoSince\":\"2026-01-01\"}}");
    String broken = publish("Broken " + tag, """
        [{"property": "isoTag", "operator": "IS", "values": ["%s"]}, {"property": "isoSince", "operator": "AFTER", "values": ["2020-01-01"]}]""".formatted(tag));
    String fine = publish("Fine " + tag, """
        [{"property": "isoTag", "operator": "IS", "values": ["%s"]}]""".formatted(tag));
    // a definition stored before values were checked at save
    jdbc.update("UPDATE surveys SET definition = jsonb_set(definition, '{recipients,filterGroups,0,filters,1,values}', '[\"yesterday\"]'), updated_at = now() WHERE id = ?", broken);

    putJson("/api/contacts/iso-" + tag, "{\"email\":\"iso-" + tag + "@x.test\",\"properties\":{\"isoTag\":\"" + tag + "\",\"isoSince\":\"2026-06-01\"}}");
    await("enrolled in the survey that can be decided").atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM deliveries WHERE survey_id = ? AND contact_id = ?", Integer.class, fine, "iso-" + tag) == 1);
    JsonNode error = await("the broken survey says why").atMost(Duration.ofSeconds(30))
        .until(() -> rest.getForObject("/api/surveys/" + broken, JsonNode.class).path("lastError"), e -> !e.isMissingNode() && !e.isNull());
    assertThat(error.get("message").asText()).contains("yesterday");
    assertThat(error.get("contactId").asText()).isEqualTo("iso-" + tag);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE survey_id = ?", Integer.class, broken)).isZero();
    postJson("/api/surveys/" + broken + "/unpublish", "{}"); // the shared stack's later contact changes need not meet it
  }

  private String publish(String name, String filters) {
    ResponseEntity<JsonNode> created = postJson("/api/surveys", """
        {"name": "%s", "type": "CSAT", "delivery": "EMAIL", "delay": {"amount": 60, "unit": "DAYS"},
         "recipients": {"filterGroups": [{"filters": %s}]}}""".formatted(name, filters));
    assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
    String id = created.getBody().get("id").asText();
    postJson("/api/surveys/" + id + "/publish", "{}");
    await().atMost(Duration.ofSeconds(120)).until(() -> "DONE".equals(rest.getForObject("/api/surveys/" + id + "/enrollment", JsonNode.class).path("status").asText()));
    return id;
  }
}
