package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.platform.events.Topics;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.UUID;
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
