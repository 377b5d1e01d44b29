package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A change tried before it is made: a survey's new filter and a candidate rule file, decided
 * against the stored contacts beside what decides them now; who would enter and leave and why; in
 * slices whose counts add up to the whole; nothing stored.
 */
class RecipientsDryRunTest extends PulseStackTest {

  @Test
  void aFilterChangeAndACandidateRuleSayWhoWouldEnterAndLeaveAndWhy() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String since = Instant.now().minus(Duration.ofDays(40)).toString();
    for (String[] c : new String[][] {{"a", "Sweden"}, {"b", "Denmark"}, {"c", "Denmark"}}) {
      putJson("/api/contacts/dry-" + tag + "-" + c[0], """
          {"email": "dry-%s-%s@x.test", "firstname": "Dry %s", "lifecycleStage": "customer", "becameCustomerAt": "%s", "properties": {"country": "%s", "cohort": "dry-%s"}}
          """.formatted(tag, c[0], c[0], since, c[1], tag));
    }
    String survey = postJson("/api/surveys", """
        {"name": "Dry %s", "type": "NPS", "delivery": "EMAIL",
         "recipients": {"filterGroups": [{"filters": [{"object": "contact", "property": "cohort", "operator": "IS", "values": ["dry-%s"]},
                                                      {"object": "contact", "property": "country", "operator": "IS", "values": ["Sweden"]}]}]}}
        """.formatted(tag, tag)).getBody().get("id").asText();
    long decisionsBefore = jdbc.queryForObject("SELECT count(*) FROM recipient_decisions WHERE survey_id = ?", Long.class, survey);

    // Denmark instead of Sweden: a leaves, b and c enter, each with the reason now and after
    String denmark = """
        {"recipients": {"filterGroups": [{"filters": [{"object": "contact", "property": "cohort", "operator": "IS", "values": ["dry-%s"]},
                                                       {"object": "contact", "property": "country", "operator": "IS", "values": ["Denmark"]}]}]}, "q": "dry-%s"%s}""";
    ResponseEntity<JsonNode> whole = postJson("/api/surveys/" + survey + "/recipients/dry-run", denmark.formatted(tag, tag, ""));
    assertThat(whole.getStatusCode()).as(String.valueOf(whole.getBody())).isEqualTo(HttpStatus.OK);
    JsonNode result = whole.getBody();
    assertThat(result.get("complete").asBoolean()).isTrue();
    assertThat(result.at("/counts/enter").asLong()).isEqualTo(2);
    assertThat(result.at("/counts/leave").asLong()).isEqualTo(1);
    assertThat(result.get("entering").findValuesAsText("contactId")).containsExactlyInAnyOrder("dry-" + tag + "-b", "dry-" + tag + "-c");
    JsonNode left = result.get("leaving").get(0);
    assertThat(left.get("contactId").asText()).isEqualTo("dry-" + tag + "-a");
    assertThat(left.get("now").asText()).startsWith("eligible");
    assertThat(left.get("after").asText()).contains("contact country IS [Denmark]: it is 'Sweden'");
    assertThat(result.get("entering").get(0).get("now").asText()).contains("it is 'Denmark'");

    // in slices of one contact: each slice says where to go on, and the counts add up to the whole
    long enter = 0;
    long leave = 0;
    String cursor = null;
    int slices = 0;
    do {
      ObjectNode body = (ObjectNode) jsonOf(denmark.formatted(tag, tag, ""));
      body.put("limit", 1);
      if (cursor != null) {
        body.put("cursor", cursor);
      }
      JsonNode slice = postJson("/api/surveys/" + survey + "/recipients/dry-run", body.toString()).getBody();
      assertThat(slice.get("scanned").asInt()).isLessThanOrEqualTo(1);
      enter += slice.at("/counts/enter").asLong();
      leave += slice.at("/counts/leave").asLong();
      cursor = slice.get("complete").asBoolean() ? null : slice.get("nextCursor").asText();
      slices++;
    } while (cursor != null && slices < 100_000);
    assertThat(slices).isGreaterThan(3);
    assertThat(enter).isEqualTo(2);
    assertThat(leave).isEqualTo(1);

    // a candidate rule file: excluding b would take b out; the shipped scenarios still pass
    String drl = """
        package dev.pulse.rules.recipients
        import dev.pulse.rules.facts.*;

        rule "Dry run: not b"
        when Recipient( $id : contactId, contactId == "dry-%s-a" )
        then insert( new Excluded( $id, "b is on holiday" ) );
        end
        """.formatted(tag);
    ObjectNode rules = JsonNodeFactory.instance.objectNode().put("surveyId", survey).put("q", "dry-" + tag);
    rules.putArray("files").addObject().put("name", "holiday_" + tag + ".drl").put("text", drl);
    ResponseEntity<JsonNode> ruleRun = postJson("/api/rules/recipients/dry-run", rules.toString());
    assertThat(ruleRun.getStatusCode()).as(String.valueOf(ruleRun.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(ruleRun.getBody().at("/result/counts/leave").asLong()).isEqualTo(1);
    assertThat(ruleRun.getBody().at("/result/leaving/0/after").asText()).contains("b is on holiday").contains("Dry run: not b");
    assertThat(ruleRun.getBody().get("scenarios").asText()).matches("(\\d+) of \\1 scenarios passed");

    ObjectNode broken = JsonNodeFactory.instance.objectNode();
    broken.putArray("files").addObject().put("name", "broken.drl").put("text", "package p\nrule \"x\" when Nope() then end\n");
    ResponseEntity<JsonNode> refused = postJson("/api/rules/recipients/dry-run", broken.toString());
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(refused.getBody().get("errors").get(0).get("file").asText()).isEqualTo("broken.drl");
    assertThat(postJson("/api/surveys/no-such-" + tag + "/recipients/dry-run", denmark.formatted(tag, tag, "")).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    assertThat(jdbc.queryForObject("SELECT count(*) FROM recipient_decisions WHERE survey_id = ?", Long.class, survey))
        .as("a dry-run stores nothing").isEqualTo(decisionsBefore);
  }

  private static JsonNode jsonOf(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
