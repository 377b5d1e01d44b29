package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.platform.events.Topics;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Chat and web surveys: triggered per occasion, the chat survey goes to the conversation through
 * {@code pulse.outbound-messages} and is answered through {@code POST /api/responses}, credited to
 * the conversation's agent and team; the chat-quality rules keep it from conversations that were
 * not real; a web survey waits for the visitor, sending nothing.
 */
class SurveyChannelsTest extends PulseStackTest {

  private final ObjectMapper json = new ObjectMapper();
  @Autowired KafkaTemplate<String, String> kafka;

  @Test
  void aChatSurveyGoesToTheConversationAndCreditsItsAgentAndTeam() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String contact = "chatter-" + tag;
    putJson("/api/contacts/" + contact, "{\"firstname\":\"Cleo\"}");
    String survey = postJson("/api/surveys", "{\"name\":\"Chat CSAT " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"CHAT\"}").getBody().get("id").asText();
    assertThat(postJson("/api/surveys/" + survey + "/deliveries", "{\"contactId\":\"" + contact + "\"}").getStatusCode())
        .as("not published yet").isEqualTo(HttpStatus.CONFLICT);
    postJson("/api/surveys/" + survey + "/publish", "{}");

    String conversation = "conv-" + tag;
    ResponseEntity<JsonNode> triggered =
        postJson("/api/surveys/" + survey + "/deliveries", """
            {"contactId": "%s", "conversationId": "%s", "agentId": "agent-9", "teamId": "team-2",
             "conversation": {"agentReplied": true, "customerWrote": true, "autoClosed": false}}
            """.formatted(contact, conversation));
    assertThat(triggered.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String deliveryId = triggered.getBody().get("deliveryId").asText();

    ConsumerRecord<String, String> outbound = consumeUntil(Topics.OUTBOUND_MESSAGES, r -> conversation.equals(r.key()));
    JsonNode message = json.readTree(outbound.value());
    assertThat(message.get("type").asText()).isEqualTo("survey.chat");
    assertThat(message.at("/data/deliveryId").asText()).isEqualTo(deliveryId);
    assertThat(message.at("/data/links/5").asText()).contains("/r/").endsWith("score=5");
    String token = message.at("/data/token").asText();

    ResponseEntity<JsonNode> answered = postJson("/api/responses", "{\"token\":\"" + token + "\",\"score\":5,\"channel\":\"CHAT\",\"comment\":\"quick!\"}");
    assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(answered.getBody().get("agentId").asText()).isEqualTo("agent-9");
    assertThat(answered.getBody().get("teamId").asText()).isEqualTo("team-2");
    assertThat(answered.getBody().get("channel").asText()).isEqualTo("CHAT");
    assertThat(postJson("/api/responses", "{\"token\":\"" + token + "\",\"score\":1}").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    await().atMost(Duration.ofSeconds(20)).until(() -> "HAPPY".equals(rest.getForObject("/api/responses/" + deliveryId, JsonNode.class).path("bucket").asText()));
  }

  @Test
  void theAnswerPageSpeaksTheSurveysLanguageAsksTheConsentOfItsModeAndStoresIt() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String notify = "quiet-" + tag + "@acme.test";
    String survey = postJson("/api/surveys", """
        {"name": "Chat DE %s", "type": "CSAT", "delivery": "CHAT", "language": "de",
         "consentMode": "BOTH_CHECKBOXES", "consentText": "Wir speichern Ihre Antwort %s.",
         "notifications": {"emails": ["%s"], "onlyWithComments": true}}
        """.formatted(tag, tag, notify)).getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");
    String contact = "de-" + tag;
    putJson("/api/contacts/" + contact, "{\"firstname\":\"Dora\"}");
    JsonNode triggered = postJson("/api/surveys/" + survey + "/deliveries", """
        {"contactId": "%s", "conversationId": "c-%s", "conversation": {"agentReplied": true, "customerWrote": true}}
        """.formatted(contact, tag)).getBody();
    String deliveryId = triggered.get("deliveryId").asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(status(deliveryId)));
    String token = tokenFromOutbound("c-" + tag);

    ResponseEntity<String> page = rest.getForEntity("/r/" + token + "?score=4", String.class);
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getBody()).contains("lang=\"de\"").contains("Senden")
        .contains("name=\"consentCommunication\"").contains("name=\"consentProcessing\"").contains("Wir speichern Ihre Antwort " + tag);

    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("score", "4");
    form.add("consentProcessing", "yes");
    assertThat(rest.postForEntity("/r/" + token, new HttpEntity<>(form, headers), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode response = rest.getForObject("/api/responses/" + deliveryId, JsonNode.class);
    assertThat(response.at("/consent/processing").asBoolean()).isTrue();
    assertThat(response.at("/consent/communication").isMissingNode() || !response.at("/consent/communication").asBoolean()).isTrue();

    // only-with-comments: an answer without a comment notifies nobody
    long instance = jdbc.queryForObject("SELECT process_instance_key FROM deliveries WHERE id = ?", Long.class, deliveryId);
    awaitProcessCompleted(instance);
    assertThat(rest.getForObject("/api/dev/mailbox", String.class)).doesNotContain(notify);
  }

  @Test
  void answersOnKafkaAreStoredOnceAndARepeatIsANoOp() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String survey = postJson("/api/surveys", "{\"name\":\"Kafka NPS " + tag + "\",\"type\":\"NPS\",\"delivery\":\"CHAT\"}").getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");
    String contact = "k-" + tag;
    putJson("/api/contacts/" + contact, "{\"firstname\":\"Kai\"}");
    String deliveryId = postJson("/api/surveys/" + survey + "/deliveries", """
        {"contactId": "%s", "conversationId": "k-%s", "conversation": {"agentReplied": true, "customerWrote": true}}
        """.formatted(contact, tag)).getBody().get("deliveryId").asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(status(deliveryId)));

    for (String answer : List.of("{\"score\": 9, \"comment\": \"first\"}", "{\"score\": 9, \"comment\": \"first\"}", "{\"score\": 2, \"comment\": \"second\"}")) {
      ProducerRecord<String, String> record = new ProducerRecord<>(Topics.SURVEY_RESPONSES, deliveryId, answer);
      record.headers().add("pulse-event-id", UUID.randomUUID().toString().getBytes());
      kafka.send(record).get();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> "HAPPY".equals(rest.getForObject("/api/responses/" + deliveryId, JsonNode.class).path("bucket").asText()));
    assertThat(jdbc.queryForObject("SELECT count(*) FROM responses WHERE delivery_id = ?", Integer.class, deliveryId)).isEqualTo(1);
    JsonNode stored = rest.getForObject("/api/responses/" + deliveryId, JsonNode.class);
    assertThat(stored.get("score").asInt()).isEqualTo(9);
    assertThat(stored.get("comment").asText()).isEqualTo("first");
    assertThat(status(deliveryId)).isEqualTo("ANSWERED");
  }

  private String status(String deliveryId) {
    return jdbc.queryForObject("SELECT status FROM deliveries WHERE id = ?", String.class, deliveryId);
  }

  private String tokenFromOutbound(String conversationId) {
    try {
      return json.readTree(consumeUntil(Topics.OUTBOUND_MESSAGES, r -> conversationId.equals(r.key())).value()).at("/data/token").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aConversationWithoutAnAgentReplyGetsNoChatSurveyAndTheRuleIsNamed() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String contact = "silent-" + tag;
    putJson("/api/contacts/" + contact, "{\"firstname\":\"Sid\"}");
    String survey = postJson("/api/surveys", "{\"name\":\"Chat CES " + tag + "\",\"type\":\"CES\",\"delivery\":\"CHAT\"}").getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");

    ResponseEntity<JsonNode> refused =
        postJson("/api/surveys/" + survey + "/deliveries", """
            {"contactId": "%s", "conversationId": "c-%s", "conversation": {"agentReplied": false, "customerWrote": true}}
            """.formatted(contact, tag));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(refused.getBody().get("eligible").asBoolean()).isFalse();
    assertThat(refused.getBody().get("rule").asText()).isEqualTo("Chat survey: no agent replied");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE survey_id = ?", Integer.class, survey)).isZero();
    assertThat(rest.getForObject("/api/rules/recipients/decisions/" + survey + "/" + contact, JsonNode.class).get("rule").asText())
        .isEqualTo("Chat survey: no agent replied");
  }

  @Test
  void aWebSurveyDeliveryWaitsForTheVisitorWithoutSendingAnything() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String contact = "visitor-" + tag;
    putJson("/api/contacts/" + contact, "{\"email\":\"" + contact + "@x.test\"}");
    String survey = postJson("/api/surveys", "{\"name\":\"Web NPS " + tag + "\",\"type\":\"NPS\",\"delivery\":\"WEB\"}").getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");
    String deliveryId = postJson("/api/surveys/" + survey + "/deliveries", "{\"contactId\":\"" + contact + "\"}").getBody().get("deliveryId").asText();

    await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(jdbc.queryForObject("SELECT status FROM deliveries WHERE id = ?", String.class, deliveryId)));
    assertThat(rest.getForObject("/api/dev/mailbox", JsonNode.class).toString()).doesNotContain(contact + "@x.test");
  }
}
