package dev.pulse.rules;

import dev.pulse.surveys.RecipientDecisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.surveys.facts.Audience;
import dev.pulse.rules.facts.Now;
import dev.pulse.rules.facts.Recipient;
import dev.pulse.testing.PulseStackTest;
import dev.pulse.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The live rule bases through the running application: a file edit goes live within 3 s, a
 * broken edit keeps the old version serving and says file and line, history and rollback, the
 * analysts' test endpoint, and the stored "why (not)?" of a recipients decision. This class edits
 * the shared test context's copy of rules/ and leaves each file as it found it.
 */
class RuleBasesIntegrationTest extends PulseStackTest {

  private static final Path RULES = TestStack.rulesDir();
  private static final Path CHATFLOWS = RULES.resolve("targeting/chatflows.drl");

  private String chatflowsAsFound;

  @BeforeEach
  void rememberTheSharedRules() throws IOException {
    chatflowsAsFound = Files.readString(CHATFLOWS);
  }

  /** The other test classes share these rules: a test that failed half-way must not leave its edit live. */
  @AfterEach
  void restoreTheSharedRules() throws IOException {
    if (!Files.readString(CHATFLOWS).equals(chatflowsAsFound)) {
      Files.writeString(CHATFLOWS, chatflowsAsFound);
      postJson("/api/rules/targeting/reload", "");
    }
  }

  @Autowired RuleBases ruleBases;
  @Autowired RecipientDecisions recipientDecisions;
  @Autowired RuleVersionRepository versions;

  private static final String VISIT =
      "{\"facts\":[{\"Visit\":{\"visitorId\":\"v\",\"url\":\"https://shop.example/pricing\",\"device\":\"desktop\"}},"
          + "{\"Chatflow\":{\"id\":\"sales\",\"enabled\":true,\"priority\":1}}]}";

  @Test
  void aFileEditGoesLiveWithinThreeSecondsABrokenOneKeepsTheOldVersionAndRollbackRestores() throws Exception {
    Path file = CHATFLOWS;
    String original = Files.readString(file);
    int startVersion = liveVersion("targeting");
    assertThat(trigger(evaluate("targeting", VISIT))).isEqualTo("IMMEDIATE");

    // a broken edit: reported with file and line, the old version keeps serving
    Files.writeString(file, original.replace("insert( new Show( $id, $flow.getPriority(), \"IMMEDIATE\" ) );", "insert( new Show( $id, $flow.getPriorty(), \"IMMEDIATE\" ) );"));
    await().atMost(Duration.ofSeconds(3)).until(() -> !rules("targeting").at("/lastBuild/ok").asBoolean());
    JsonNode state = rules("targeting");
    assertThat(state.at("/lastBuild/errors/0/file").asText()).isEqualTo("chatflows.drl");
    assertThat(state.at("/lastBuild/errors/0/line").asInt()).isPositive();
    assertThat(state.at("/lastBuild/errors/0/message").asText()).contains("getPriorty");
    assertThat(state.get("version").asInt()).isEqualTo(startVersion);
    assertThat(trigger(evaluate("targeting", VISIT))).isEqualTo("IMMEDIATE");

    // a good edit: live within 3 s, no restart
    long edited = System.nanoTime();
    Files.writeString(file, original.replace("\"IMMEDIATE\"", "\"AFTER_10_SECONDS\""));
    await().atMost(Duration.ofSeconds(3)).until(() -> "AFTER_10_SECONDS".equals(trigger(evaluate("targeting", VISIT))));
    System.out.printf("[rules] file edit live after %d ms%n", (System.nanoTime() - edited) / 1_000_000);
    int editedVersion = liveVersion("targeting");
    assertThat(editedVersion).isGreaterThan(startVersion);

    JsonNode history = rest.getForObject("/api/rules/targeting/history", JsonNode.class);
    assertThat(history.findValuesAsText("trigger")).contains("FILE_WATCH");
    assertThat(history.get(0).get("version").asInt()).isEqualTo(editedVersion);
    assertThat(history.get(0).get("live").asBoolean()).isTrue();

    // rollback to the start version: live again, and the folder holds its text again
    ResponseEntity<JsonNode> rolledBack = postJson("/api/rules/targeting/rollback", "{\"version\":" + startVersion + "}");
    assertThat(rolledBack.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(rolledBack.getBody().get("filesWritten").asBoolean()).isTrue();
    assertThat(trigger(evaluate("targeting", VISIT))).isEqualTo("IMMEDIATE");
    assertThat(Files.readString(file)).isEqualTo(original);
    assertThat(liveVersion("targeting")).isGreaterThan(editedVersion);
    JsonNode old = rest.getForObject("/api/rules/targeting/history/" + startVersion, JsonNode.class);
    assertThat(old.at("/files/0/text").asText()).isEqualTo(original);
  }

  @Test
  void reloadOfABrokenFolderIsRefusedWith422AndTheErrors() throws Exception {
    Path extra = RULES.resolve("assignment/zz-broken.drl");
    int before = liveVersion("assignment");
    try {
      Files.writeString(extra, "package dev.pulse.rules.assignment\n\nrule \"half written\"\nwhen\n  Agent( status == )\nthen\nend\n");
      ResponseEntity<JsonNode> response = postJson("/api/rules/assignment/reload", "");
      assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
      assertThat(response.getBody().get("errors").findValuesAsText("file")).contains("zz-broken.drl");
      assertThat(response.getBody().get("liveVersion").asInt()).isEqualTo(before);
      assertThat(response.getBody().get("detail").asText()).contains("keeps serving");
    } finally {
      Files.deleteIfExists(extra);
    }
    await().atMost(Duration.ofSeconds(3)).until(() -> rules("assignment").at("/lastBuild/ok").asBoolean());
    assertThat(liveVersion("assignment")).isEqualTo(before);
  }

  @Test
  void validateChecksTextWithoutDeploying() {
    int before = liveVersion("scoring");
    ResponseEntity<JsonNode> broken =
        postJson("/api/rules/scoring/validate", "{\"files\":[{\"name\":\"buckets.drl\",\"text\":\"package p\\nrule \\\"x\\\"\\nwhen\\n  Response( scroe > 1 )\\nthen\\nend\\n\"}]}");
    assertThat(broken.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(broken.getBody().get("valid").asBoolean()).isFalse();
    assertThat(broken.getBody().at("/errors/0/file").asText()).isEqualTo("buckets.drl");
    assertThat(broken.getBody().at("/errors/0/line").asInt()).isEqualTo(4);

    ResponseEntity<JsonNode> fine =
        postJson("/api/rules/scoring/validate", "{\"files\":[{\"name\":\"extra.drl\",\"text\":\"package p\\nimport dev.pulse.rules.facts.*;\\nrule \\\"extra\\\" when Response() then end\\n\"}]}");
    assertThat(fine.getBody().get("valid").asBoolean()).isTrue();
    assertThat(fine.getBody().get("rules").findValuesAsText("")).isEmpty();
    assertThat(fine.getBody().get("rules").toString()).contains("extra").contains("CSAT 3 is neutral");
    assertThat(liveVersion("scoring")).isEqualTo(before);
  }

  @Test
  void theTestEndpointRunsTheShippedScenariosAndFailsAWrongOne() {
    ResponseEntity<JsonNode> shipped = postJson("/api/rules/scoring/test", "");
    assertThat(shipped.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(shipped.getBody().get("passed").asBoolean()).isTrue();
    assertThat(shipped.getBody().get("total").asInt()).isGreaterThanOrEqualTo(11);

    String wrong = "cases:\n  - name: wrong\n    given: [ { Response: { id: r1, surveyType: NPS, score: 8 } } ]\n    expect: [ { Bucket: { responseId: r1, bucket: HAPPY } } ]\n";
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("application/yaml"));
    ResponseEntity<JsonNode> failed = rest.postForEntity("/api/rules/scoring/test", new HttpEntity<>(wrong, headers), JsonNode.class);
    assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(failed.getBody().get("passed").asBoolean()).isFalse();
    assertThat(failed.getBody().get("failed").asInt()).isEqualTo(1);
    assertThat(failed.getBody().at("/files/0/cases/0/failures/0").asText()).contains("HAPPY");
  }

  @Test
  void aRecipientsDecisionIsStoredSoWhyNotCanBeAskedLater() {
    Audience audience = new Audience();
    audience.setSurveyId("survey-why");
    Recipient recipient = new Recipient("contact-why");
    recipient.setLifecycleStage("customer");
    recipient.setBecameCustomerAt(Instant.parse("2025-01-01T00:00:00Z"));
    recipient.setUnsubscribed(true);
    recipientDecisions.decide("survey-why", "contact-why", List.of(audience, recipient, new Now(Instant.parse("2026-06-01T00:00:00Z"))));

    JsonNode why = rest.getForObject("/api/rules/recipients/decisions/survey-why/contact-why", JsonNode.class);
    assertThat(why.get("eligible").asBoolean()).isFalse();
    assertThat(why.get("rule").asText()).isEqualTo("Exclude: unsubscribed");
    assertThat(why.get("reason").asText()).isEqualTo("unsubscribed from surveys");
    assertThat(why.get("firedRules").toString()).contains("Default audience: customer for more than 30 days");
    assertThat(why.get("rulesVersion").asInt()).isEqualTo(liveVersion("recipients"));

    ResponseEntity<JsonNode> none = rest.getForEntity("/api/rules/recipients/decisions/survey-why/nobody", JsonNode.class);
    assertThat(none.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void onStartABrokenFolderFallsBackToTheLastRecordedVersion(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path rules = TestStack.copyRules(dir.resolve("rules"));
    Files.writeString(rules.resolve("scoring/buckets.drl"), "package p\nrule \"broken\" when Response( nope ) then end\n");
    RuleBases restarted = new RuleBases(new RuleProperties(rules, false, Duration.ofMillis(300)), versions);
    restarted.afterPropertiesSet();
    assertThat(restarted.lastBuild(RuleDomain.SCORING).orElseThrow().ok()).isFalse();
    assertThat(restarted.live(RuleDomain.SCORING)).get().satisfies(l -> {
      assertThat(l.version()).isEqualTo(versions.latest(RuleDomain.SCORING).orElseThrow().version());
      assertThat(l.trigger()).isEqualTo("STARTUP_FALLBACK");
    });
  }

  /** A folder that compiles but fails its scenarios is no better than a broken one: the last recorded version serves. */
  @Test
  void onStartAFolderThatFailsItsScenariosFallsBackToTheLastRecordedVersion(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path rules = TestStack.copyRules(dir.resolve("rules"));
    Path buckets = rules.resolve("scoring/buckets.drl");
    Files.writeString(buckets, Files.readString(buckets).replace("score >= 9, score <= 10", "score >= 10, score <= 10"));
    RuleBases restarted = new RuleBases(new RuleProperties(rules, false, Duration.ofMillis(300)), versions);
    restarted.afterPropertiesSet();
    RuleBases.BuildReport report = restarted.lastBuild(RuleDomain.SCORING).orElseThrow();
    assertThat(report.ok()).isFalse();
    assertThat(report.errors().toString()).contains("tests/scoring/default-buckets.yaml").contains("NPS 9 and 10 are promoters");
    assertThat(restarted.live(RuleDomain.SCORING)).get().satisfies(l -> assertThat(l.trigger()).isEqualTo("STARTUP_FALLBACK"));
  }

  @Test
  void anUnknownDomainIs404NamingTheKnownOnes() {
    ResponseEntity<JsonNode> response = rest.getForEntity("/api/rules/pricing", JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(response.getBody().get("detail").asText()).contains("pricing").contains("recipients");
  }

  private JsonNode rules(String domain) {
    return rest.getForObject("/api/rules/" + domain, JsonNode.class);
  }

  private int liveVersion(String domain) {
    return rules(domain).get("version").asInt();
  }

  private JsonNode evaluate(String domain, String body) {
    ResponseEntity<JsonNode> response = postJson("/api/rules/" + domain + "/evaluate", body);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  private static String trigger(JsonNode evaluation) {
    for (JsonNode decision : evaluation.get("decisions")) {
      if (decision.get("type").asText().equals("Show")) {
        return decision.get("trigger").asText();
      }
    }
    return null;
  }

}
