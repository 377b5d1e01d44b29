package dev.pulse.chatflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Chatflow definitions: every editor field kept and read back, replaced, listed, deleted, and refused clearly when wrong. */
class ChatflowApiTest extends PulseStackTest {

  private static final String FULL = """
      {"inboxId": "%s", "name": "Pricing help", "language": "de", "enabled": true, "priority": 10,
       "welcomeMessage": "Fragen zu den Preisen?",
       "heading": {"mode": "CONTACT_OWNER", "fallbackUserIds": ["ada"], "teamIds": ["sales"]},
       "emailCapture": {"when": "WHEN_AWAY", "text": "Wie erreichen wir Sie?"},
       "display": {"desktop": "WELCOME_AS_PROMPT", "mobile": "LAUNCHER_ONLY", "trigger": {"type": "SECONDS_ON_PAGE", "value": 7}},
       "availability": {"typicalReplyTime": "a few minutes", "awayMessage": "Gleich zurück", "whenOffline": "RETURN_TIME",
                        "atCapacity": "WAITING_MESSAGE", "waitingMessage": "Alle sind beschäftigt"},
       "consent": {"cookieBanner": "BEFORE_CHAT", "processing": "EXPLICIT", "processingText": "Wir speichern den Chat.", "subscriptionType": "newsletter"},
       "chatSurveyId": "%s",
       "targeting": {"groups": [{"rules": [{"operator": "MATCHES", "value": "https://shop.example/pricing/*"},
                                           {"operator": "IS", "parameter": "utm_source", "value": "ads"}]},
                                {"rules": [{"operator": "STARTS_WITH", "value": "/de/preise"}]}],
                     "exclusions": [{"operator": "CONTAINS", "value": "/checkout"}],
                     "visitors": "ALL", "hideOnMobile": false}}
      """;

  @Test
  void aChatflowIsKeptWithEveryFieldReplacedListedAndDeleted() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String inbox = inbox(tag);
    String survey = survey(tag, "CHAT");
    ResponseEntity<JsonNode> created = postJson("/api/chatflows", FULL.formatted(inbox, survey));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String id = created.getBody().get("id").asText();
    assertThat(created.getHeaders().getLocation()).hasPath("/api/chatflows/" + id);

    JsonNode read = rest.getForObject("/api/chatflows/" + id, JsonNode.class).get("definition");
    assertThat(read.at("/heading/mode").asText()).isEqualTo("CONTACT_OWNER");
    assertThat(read.at("/display/trigger/value").asInt()).isEqualTo(7);
    assertThat(read.at("/availability/whenOffline").asText()).isEqualTo("RETURN_TIME");
    assertThat(read.at("/consent/processingText").asText()).isEqualTo("Wir speichern den Chat.");
    assertThat(read.at("/targeting/groups/0/rules/1/parameter").asText()).isEqualTo("utm_source");
    assertThat(read.at("/targeting/exclusions/0/value").asText()).isEqualTo("/checkout");
    assertThat(read.get("chatSurveyId").asText()).isEqualTo(survey);

    ResponseEntity<JsonNode> replaced = putJson("/api/chatflows/" + id, FULL.formatted(inbox, survey).replace("\"priority\": 10", "\"priority\": 3"));
    assertThat(replaced.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(replaced.getBody().at("/definition/priority").asInt()).isEqualTo(3);
    assertThat(putJson("/api/chatflows/named-" + tag, FULL.formatted(inbox, survey)).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(rest.getForObject("/api/chatflows", JsonNode.class).findValuesAsText("id")).contains(id, "named-" + tag);

    rest.delete("/api/chatflows/" + id);
    assertThat(rest.getForEntity("/api/chatflows/" + id, JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(rest.exchange("/api/chatflows/" + id, HttpMethod.DELETE, null, JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void wrongDefinitionsAreRefusedNamingTheFieldAndNothingIsKept() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String inbox = inbox(tag);
    String chat = survey(tag, "CHAT");
    String email = survey(tag, "EMAIL");
    String valid = FULL.formatted(inbox, chat);

    assertRefused(valid.replace("\"welcomeMessage\"", "\"welcomeMesage\""), "welcomeMesage");
    assertRefused(FULL.formatted(inbox, email), "chatSurveyId", "CHAT survey");
    assertRefused(FULL.formatted(inbox, "no-such-survey"), "chatSurveyId", "not a known survey");
    assertRefused(FULL.formatted("no-such-inbox", chat), "inboxId", "not a known inbox");
    assertRefused(valid.replace("https://shop.example/pricing/*", "https://shop example/pricing"), "targeting.groups[0].rules[0].value", "not a valid URL");
    assertRefused(valid.replace("https://shop.example/pricing/*", "ftp://shop.example/x"), "targeting.groups[0].rules[0].value", "http(s)");
    assertRefused(valid.replace("\"utm_source\"", "\"utm source\""), "targeting.groups[0].rules[1].parameter");
    assertRefused(valid.replace("\"/checkout\"", "\"/check out\""), "targeting.exclusions[0].value");
    assertRefused(valid.replace("\"SECONDS_ON_PAGE\", \"value\": 7", "\"PERCENT_SCROLLED\", \"value\": 150"), "display.trigger.value");
    assertRefused(valid.replace("\"RETURN_TIME\"", "\"SOMETIMES\""), "availability.whenOffline");
    assertRefused(valid.replace("\"language\": \"de\"", "\"language\": \"German\""), "language");
    assertRefused(valid.replace("\"visitors\": \"ALL\"", "\"visitors\": \"ALL\", \"contactFilters\": [{\"filters\": [{\"property\": \"shoe_size\", \"operator\": \"IS\", \"values\": [\"9\"]}]}]"),
        "targeting.contactFilters[0].filters[0].property", "not a known contact property");

    assertThat(jdbc.queryForObject("SELECT count(*) FROM chatflows WHERE inbox_id IN (?, 'no-such-inbox')", Integer.class, inbox)).isZero();
  }

  private void assertRefused(String body, String field, String... detail) {
    ResponseEntity<JsonNode> response = postJson("/api/chatflows", body);
    assertThat(response.getStatusCode()).as(field).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody().get("errors").findValuesAsText("field")).as(response.getBody().toString()).contains(field);
    for (String d : detail) {
      assertThat(response.getBody().get("detail").asText()).contains(d);
    }
  }

  private String inbox(String tag) {
    putJson("/api/inboxes/cf-" + tag, "{\"name\":\"Chatflows " + tag + "\"}");
    return "cf-" + tag;
  }

  private String survey(String tag, String delivery) {
    return postJson("/api/surveys", "{\"name\":\"CF " + delivery + " " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"" + delivery + "\"}").getBody().get("id").asText();
  }
}
