package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Preview, test send and the recipients list of a draft survey, with company and deal criteria. */
class SurveyToolsTest extends PulseStackTest {

  @Test
  void anAnalystPreviewsTestSendsAndSeesWhoMatchesAndWhy() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String big = "big-" + tag;
    String small = "small-" + tag;
    putJson("/api/companies/co-" + big, "{\"name\":\"Big Co\",\"properties\":{\"employees\":900}}");
    putJson("/api/companies/co-" + small, "{\"name\":\"Small Co\",\"properties\":{\"employees\":5}}");
    putJson("/api/contacts/" + big, "{\"firstname\":\"Bea\",\"email\":\"" + big + "@x.test\",\"companyId\":\"co-" + big + "\",\"properties\":{\"tag\":\"" + tag + "\"}}");
    putJson("/api/contacts/" + small, "{\"firstname\":\"Sam\",\"email\":\"" + small + "@x.test\",\"companyId\":\"co-" + small + "\",\"properties\":{\"tag\":\"" + tag + "\"}}");
    putJson("/api/deals/deal-" + small, "{\"contactId\":\"" + small + "\",\"stage\":\"closedwon\",\"amount\":1200}");

    ResponseEntity<JsonNode> created =
        postJson("/api/surveys", """
            {"name": "NPS %s", "type": "NPS", "delivery": "EMAIL", "language": "de",
             "email": {"subject": "Hallo {{contact.firstname|du}}", "question": "Würden Sie uns empfehlen?"},
             "recipients": {"filterGroups": [
               {"filters": [{"object": "contact", "property": "tag", "operator": "IS", "values": ["%s"]},
                            {"object": "company", "property": "employees", "operator": "GREATER_THAN", "values": ["100"]}]},
               {"filters": [{"object": "deal", "property": "stage", "operator": "IS", "values": ["closedwon"]},
                            {"object": "contact", "property": "tag", "operator": "IS", "values": ["%s"]}]}]}}
            """.formatted(tag, tag, tag));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String id = created.getBody().get("id").asText();

    JsonNode preview = rest.getForObject("/api/surveys/" + id + "/preview?contactId=" + big, JsonNode.class);
    assertThat(preview.get("subject").asText()).isEqualTo("Hallo Bea");
    assertThat(preview.get("html").asText()).contains("Würden Sie uns empfehlen?").contains("score=0").contains("score=10");
    assertThat(preview.get("pages").fieldNames()).toIterable().containsExactlyInAnyOrder("UNHAPPY", "NEUTRAL", "HAPPY");
    assertThat(preview.at("/pages/UNHAPPY").asText()).contains("lang=\"de\"").contains("Senden");

    String to = "analyst-" + tag + "@acme.test";
    assertThat(postJson("/api/surveys/" + id + "/test-send", "{\"to\":\"" + to + "\",\"contactId\":\"" + small + "\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode mail = await().atMost(Duration.ofSeconds(10)).until(() -> mailTo(to), m -> m != null);
    assertThat(mail.get("subject").asText()).isEqualTo("[Test] Hallo Sam");

    JsonNode candidates = rest.getForObject("/api/surveys/" + id + "/recipients?q=-" + tag, JsonNode.class);
    assertThat(candidates.get("items")).hasSize(2);
    for (JsonNode c : candidates.get("items")) {
      assertThat(c.get("eligible").asBoolean()).as(c.toString()).isTrue();
      assertThat(c.get("firedRules").toString()).contains("Audience: matches a filter group");
    }
    putJson("/api/companies/co-" + big, "{\"properties\":{\"employees\":50}}");
    JsonNode after = rest.getForObject("/api/surveys/" + id + "/recipients?q=" + big + "&matching=false", JsonNode.class);
    assertThat(after.at("/items/0/contactId").asText()).isEqualTo(big);
    assertThat(after.at("/items/0/rule").asText()).isEqualTo("Exclude: not in the survey's recipients");

    ResponseEntity<JsonNode> missing = postJson("/api/surveys/" + id + "/test-send", "{\"to\":\"not-an-address\"}");
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(missing.getBody().at("/errors/0/field").asText()).isEqualTo("to");
  }

  @Test
  void theDeliveryChannelIsFixedOnceCreatedAndCloneMakesADraftCopy() {
    JsonNode survey = postJson("/api/surveys", "{\"name\":\"Fixed\",\"type\":\"CES\",\"delivery\":\"EMAIL\"}").getBody();
    ResponseEntity<JsonNode> changed = putJson("/api/surveys/" + survey.get("id").asText(), "{\"name\":\"Fixed\",\"type\":\"CES\",\"delivery\":\"CHAT\"}");
    assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(changed.getBody().at("/errors/0/field").asText()).isEqualTo("delivery");
    JsonNode copy = postJson("/api/surveys/" + survey.get("id").asText() + "/clone", "{}").getBody();
    assertThat(copy.at("/definition/name").asText()).isEqualTo("Fixed (copy)");
    assertThat(copy.get("status").asText()).isEqualTo("DRAFT");
    assertThat(copy.get("id").asText()).isNotEqualTo(survey.get("id").asText());
  }

  private JsonNode mailTo(String address) {
    JsonNode all = rest.getForObject("/api/dev/mailbox", JsonNode.class);
    return StreamSupport.stream(all.spliterator(), false).filter(m -> m.get("to").toString().contains(address)).findFirst().orElse(null);
  }

}
