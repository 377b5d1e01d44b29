package dev.pulse.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.testing.PulseStackTest;
import dev.pulse.testing.TestStack;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * A rule change goes live only when the domain's scenarios pass (from the API, the folder or a
 * rollback; an audited override exists), and a rule that passes them but throws while deciding is
 * contained: the customer is thanked and their answer kept, the incident, the rules API and the
 * problem+json name the rule, its file and line.
 */
class RuleChangesAreSafeTest extends PulseStackTest {

  private static final Path BUCKETS = TestStack.rulesDir().resolve("scoring/buckets.drl");

  private String bucketsAsFound;
  private int liveAtStart;
  private String hashAtStart;

  @BeforeEach
  void remember() throws IOException {
    bucketsAsFound = Files.readString(BUCKETS);
    liveAtStart = scoring().get("version").asInt();
    hashAtStart = scoring().get("hash").asText();
  }

  /** The other test classes share the scoring rules: whatever happened here, the start version serves again. */
  @AfterEach
  void restore() throws IOException {
    if (!scoring().get("hash").asText().equals(hashAtStart) || !Files.readString(BUCKETS).equals(bucketsAsFound)) {
      assertThat(postJson("/api/rules/scoring/rollback", "{\"version\":" + liveAtStart + "}").getStatusCode().is2xxSuccessful()).isTrue();
    }
    assertThat(Files.readString(BUCKETS)).isEqualTo(bucketsAsFound);
  }

  @Test
  void aChangeThatFailsTheScenariosIsRefusedFromTheApiTheFolderAndARollbackUnlessOverriddenWithAReason() throws IOException {
    // an analyst moves NPS 6 from the detractors to the passives: the shipped scenarios say otherwise
    String moved = bucketsAsFound.replace("score >= 0, score <= 6", "score >= 0, score <= 5").replace("score >= 7, score <= 8", "score >= 6, score <= 8");
    assertThat(moved).isNotEqualTo(bucketsAsFound);

    ResponseEntity<JsonNode> api = deploy(moved, null, null);
    assertThat(api.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(api.getBody().get("detail").asText()).contains("failed their scenarios").contains("keeps serving");
    JsonNode failure = api.getBody().get("errors").get(0);
    assertThat(failure.get("file").asText()).isEqualTo("tests/scoring/default-buckets.yaml");
    assertThat(failure.get("message").asText()).contains("scenario \"NPS 0 and 6 are detractors\"").contains("NPS 7-8 is neutral (passive)");
    assertThat(scoring().get("hash").asText()).as("nothing went live").isEqualTo(hashAtStart);
    assertThat(Files.readString(BUCKETS)).as("the folder is untouched").isEqualTo(bucketsAsFound);

    // the same edit in the folder: reload (as the file watcher does) refuses it too
    Files.writeString(BUCKETS, moved);
    ResponseEntity<JsonNode> folder = postJson("/api/rules/scoring/reload", "");
    assertThat(folder.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(folder.getBody().toString()).contains("NPS 0 and 6 are detractors");
    assertThat(scoring().get("hash").asText()).isEqualTo(hashAtStart);
    Files.writeString(BUCKETS, bucketsAsFound);

    // an emergency override needs a reason, and the audit log keeps it
    ResponseEntity<JsonNode> noReason = deploy(moved, true, null);
    assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noReason.getBody().get("errors").findValuesAsText("field")).containsExactly("reason");
    ResponseEntity<JsonNode> overridden = deploy(moved, true, "legal asked for NPS 6 as passive today");
    assertThat(overridden.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    int forced = overridden.getBody().get("version").asInt();
    assertThat(overridden.getBody().get("scenarios").asText()).contains("overridden: legal asked");
    assertThat(rest.getForObject("/api/audit?action=DRL_DEPLOY&target=scoring/buckets.drl", JsonNode.class).toString())
        .contains("legal asked for NPS 6 as passive today");

    // back to the start version (its scenarios pass); the forced one cannot come back by rollback without an override
    assertThat(postJson("/api/rules/scoring/rollback", "{\"version\":" + liveAtStart + "}").getStatusCode()).isEqualTo(HttpStatus.OK);
    ResponseEntity<JsonNode> again = postJson("/api/rules/scoring/rollback", "{\"version\":" + forced + "}");
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(again.getBody().toString()).contains("NPS 0 and 6 are detractors");
    assertThat(Files.readString(BUCKETS)).isEqualTo(bucketsAsFound);
  }

  @Test
  void aRuleThatThrowsWhileDecidingIsContainedAndNamedWhereverItShows() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String file = "weights_" + tag + ".drl";
    String drl = """
        package dev.pulse.rules.scoring
        import dev.pulse.rules.facts.*;

        rule "Weight CES 2 answers"
        when $r : Response( surveyType == SurveyType.CES, score == 2 )
        then int weight = 10 / ($r.getScore() - 2);
        end
        """;
    // no scenario answers CES with 2, so it passes them and goes live
    ResponseEntity<JsonNode> deployed = postJson("/api/deployments", body("DRL", "scoring/" + file, drl, null, null));
    assertThat(deployed.getStatusCode()).as(String.valueOf(deployed.getBody())).isEqualTo(HttpStatus.CREATED);

    ResponseEntity<JsonNode> evaluated = postJson("/api/rules/scoring/evaluate", "{\"facts\":[{\"Response\":{\"id\":\"r\",\"surveyType\":\"CES\",\"score\":2}}]}");
    assertThat(evaluated.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(evaluated.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(evaluated.getBody().get("rule").asText()).isEqualTo("Weight CES 2 answers");
    assertThat(evaluated.getBody().get("file").asText()).isEqualTo("scoring/" + file);
    assertThat(evaluated.getBody().get("line").asInt()).isEqualTo(4);
    assertThat(evaluated.getBody().get("detail").asText()).contains("/ by zero");

    ResponseEntity<JsonNode> tested = rest.postForEntity("/api/rules/scoring/test", yaml("""
        cases:
          - name: a CES 2 answer is unhappy
            given:
              - Response: { id: r2, surveyType: CES, score: 2 }
            expect:
              - Bucket: { responseId: r2, bucket: UNHAPPY }
        """), JsonNode.class);
    assertThat(tested.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(tested.getBody().get("failed").asInt()).isEqualTo(1);
    assertThat(tested.getBody().toString()).contains("Weight CES 2 answers").contains("/ by zero");

    // a customer answers 2: thanked, answer stored; the response's process has one readable incident
    // its recipients are this test's contact only: the shared database's other customers are not enrolled
    String survey = postJson("/api/surveys", """
        {"name": "Effort %s", "type": "CES", "delivery": "EMAIL",
         "recipients": {"filterGroups": [{"filters": [{"object": "contact", "property": "firstname", "operator": "IS", "values": ["Cesar-%s"]}]}]}}
        """.formatted(tag, tag)).getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");
    String email = "ces-" + tag + "@x.test";
    String since = java.time.Instant.now().minus(Duration.ofDays(40)).toString();
    putJson("/api/contacts/ces-" + tag, "{\"email\":\"" + email + "\",\"firstname\":\"Cesar-" + tag + "\",\"lifecycleStage\":\"customer\",\"becameCustomerAt\":\"" + since + "\"}");
    String delivery = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
        "SELECT id FROM deliveries WHERE survey_id = ? AND contact_id = ?", String.class, survey, "ces-" + tag).stream().findFirst().orElse(null), d -> d != null);
    String link = await().atMost(Duration.ofSeconds(30)).until(() -> scoreLink(email, 2), l -> l != null);
    assertThat(rest.getForEntity(link, String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    String token = link.substring("/r/".length(), link.indexOf('?'));
    MultiValueMap<String, String> answer = new LinkedMultiValueMap<>();
    answer.add("score", "2");
    HttpHeaders form = new HttpHeaders();
    form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    ResponseEntity<String> thanks = rest.exchange("/r/" + token, HttpMethod.POST, new HttpEntity<>(answer, form), String.class);
    assertThat(thanks.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(thanks.getBody()).contains("Thank");
    assertThat(jdbc.queryForObject("SELECT score FROM responses WHERE delivery_id = ?", Integer.class, delivery)).isEqualTo(2);
    long instance = jdbc.queryForObject("SELECT process_instance_key FROM deliveries WHERE id = ?", Long.class, delivery);
    JsonNode incident = await().atMost(Duration.ofSeconds(60)).until(() -> {
      ResponseEntity<JsonNode> r = rest.getForEntity("/api/process-instances/" + instance, JsonNode.class);
      return r.getStatusCode().is2xxSuccessful()
          ? StreamSupport.stream(r.getBody().get("incidents").spliterator(), false).filter(i -> "ACTIVE".equals(i.get("state").asText())).findFirst().orElse(null)
          : null;
    }, i -> i != null);
    assertThat(incident.get("errorMessage").asText())
        .contains("The scoring rule \"Weight CES 2 answers\" (scoring/" + file + ":4) failed while deciding: ArithmeticException: / by zero")
        .doesNotContain("\tat ");

    // the rules API lists the failing rule of the live version, with how often it failed
    JsonNode failing = scoring().get("failing");
    assertThat(failing.findValuesAsText("rule")).contains("Weight CES 2 answers");
    assertThat(failing.get(0).get("count").asInt()).isGreaterThanOrEqualTo(3);
  }

  private JsonNode scoring() {
    return rest.getForObject("/api/rules/scoring", JsonNode.class);
  }

  private ResponseEntity<JsonNode> deploy(String buckets, Boolean override, String reason) {
    return postJson("/api/deployments", body("DRL", "scoring/buckets.drl", buckets, override, reason));
  }

  private static String body(String kind, String name, String content, Boolean override, String reason) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("kind", kind).put("name", name).put("content", content);
    if (override != null) {
      body.put("override", override);
    }
    if (reason != null) {
      body.put("reason", reason);
    }
    return body.toString();
  }

  private static HttpEntity<String> yaml(String text) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.valueOf("application/yaml"));
    return new HttpEntity<>(text, headers);
  }

  private String scoreLink(String address, int score) {
    for (JsonNode mail : rest.getForObject("/api/dev/mailbox", JsonNode.class)) {
      if (mail.get("to").toString().contains(address)) {
        List<String> links = StreamSupport.stream(mail.get("links").spliterator(), false).map(JsonNode::asText).toList();
        for (String l : links) {
          if (l.contains("/r/") && l.endsWith("score=" + score)) {
            URI uri = URI.create(l);
            return uri.getRawPath() + "?" + uri.getRawQuery();
          }
        }
      }
    }
    return null;
  }
}
