package dev.pulse.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.platform.events.Topics;
import dev.pulse.testing.PulseStackTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A chat survey ends chat conversations only; the chatflow a chat started from decides which
 * survey, before its inbox; the chat client answers with the token it receives. Messages over
 * Kafka are checked exactly as over REST.
 */
class ChatSurveysTest extends PulseStackTest {

  @Autowired KafkaTemplate<String, String> kafka;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void theChatflowsSurveyWinsOnlyChatsAreSurveyedAndTheTokenAnswersOverRest() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String agent = "cs-" + tag;
    putJson("/api/agents/" + agent, "{\"name\":\"Cas\",\"status\":\"available\",\"capacity\":10}");
    String inboxSurvey = chatSurvey("Inbox survey " + tag);
    String flowSurvey = chatSurvey("Flow survey " + tag);
    putJson("/api/inboxes/csi-" + tag, "{\"name\":\"Chats\",\"routing\":{\"mode\":\"SPECIFIC\",\"userIds\":[\"" + agent + "\"]},\"chatSurveyId\":\"" + inboxSurvey + "\"}");
    putJson("/api/channels/cschat-" + tag, "{\"inboxId\":\"csi-" + tag + "\",\"type\":\"CHAT\",\"name\":\"Chat\"}");
    putJson("/api/channels/csmail-" + tag, "{\"inboxId\":\"csi-" + tag + "\",\"type\":\"TEAM_EMAIL\",\"name\":\"Mail\"}");
    putJson("/api/inboxes/other-" + tag, "{\"name\":\"Other\",\"routing\":{\"mode\":\"NONE\"}}");
    String flow = postJson("/api/chatflows", "{\"inboxId\":\"csi-" + tag + "\",\"name\":\"Flow " + tag + "\",\"chatSurveyId\":\"" + flowSurvey + "\"}").getBody().get("id").asText();
    String elsewhere = postJson("/api/chatflows", "{\"inboxId\":\"other-" + tag + "\",\"name\":\"Elsewhere " + tag + "\"}").getBody().get("id").asText();

    // a chat from the chatflow: its survey, not the inbox's
    String fromFlow = converse("cschat-" + tag, "{\"visitorId\":\"vf-" + tag + "\"}", flow, agent);
    assertThat(rest.getForObject("/api/conversations/" + fromFlow, JsonNode.class).get("chatflow_id").asText()).isEqualTo(flow);
    postJson("/api/conversations/" + fromFlow + "/close", "{}");
    ConsumerRecord<String, String> surveyMessage = consumeUntil(Topics.OUTBOUND_MESSAGES, r -> fromFlow.equals(r.key()) && r.value().contains("survey.chat"));
    JsonNode data = json.readTree(surveyMessage.value()).get("data");
    assertThat(data.get("surveyId").asText()).isEqualTo(flowSurvey);
    ResponseEntity<JsonNode> answer = postJson("/api/responses", "{\"token\":\"" + data.get("token").asText() + "\",\"score\":4,\"channel\":\"CHAT\"}");
    assertThat(answer.getStatusCode().value()).as(String.valueOf(answer.getBody())).isEqualTo(201);
    assertThat(answer.getBody().get("surveyId").asText()).isEqualTo(flowSurvey);

    // a chat without a chatflow: the inbox's survey
    String plain = converse("cschat-" + tag, "{\"visitorId\":\"vp-" + tag + "\"}", null, agent);
    postJson("/api/conversations/" + plain + "/close", "{}");
    ConsumerRecord<String, String> inboxMessage = consumeUntil(Topics.OUTBOUND_MESSAGES, r -> plain.equals(r.key()) && r.value().contains("survey.chat"));
    assertThat(json.readTree(inboxMessage.value()).at("/data/surveyId").asText()).isEqualTo(inboxSurvey);

    // an email conversation of the same inbox: no chat survey
    String mail = converse("csmail-" + tag, "{\"email\":\"csm-" + tag + "@x.test\"}", null, agent);
    postJson("/api/conversations/" + mail + "/close", "{}");
    await().atMost(Duration.ofSeconds(20)).until(() -> "CLOSED".equals(rest.getForObject("/api/conversations/" + mail, JsonNode.class).path("status").asText()));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
        jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE conversation_id = ?", Integer.class, mail) == 0);

    // a chatflow of another inbox, or on a non-chat channel, is refused naming the field
    ResponseEntity<JsonNode> wrongInbox = postJson("/api/channels/cschat-" + tag + "/messages",
        "{\"messageId\":\"w1-" + tag + "\",\"from\":{\"visitorId\":\"vw-" + tag + "\"},\"body\":\"Hi\",\"chatflowId\":\"" + elsewhere + "\"}");
    assertThat(wrongInbox.getStatusCode().value()).isEqualTo(400);
    assertThat(wrongInbox.getBody().toString()).contains("chatflowId").contains("other-" + tag);
    ResponseEntity<JsonNode> onMail = postJson("/api/channels/csmail-" + tag + "/messages",
        "{\"messageId\":\"w2-" + tag + "\",\"from\":{\"email\":\"w2-" + tag + "@x.test\"},\"body\":\"Hi\",\"chatflowId\":\"" + flow + "\"}");
    assertThat(onMail.getStatusCode().value()).isEqualTo(400);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE external_id IN (?, ?)", Integer.class, "w1-" + tag, "w2-" + tag)).as("nothing stored").isZero();
  }

  @Test
  void kafkaMessagesAreCheckedAsRestBodiesAreAndTheRefusalNamesTheField() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/inboxes/ki-" + tag, "{\"name\":\"Kafka\",\"routing\":{\"mode\":\"NONE\"}}");
    putJson("/api/channels/kch-" + tag, "{\"inboxId\":\"ki-" + tag + "\",\"type\":\"CHAT\",\"name\":\"Chat\"}");
    String[][] bad = {
        {"blank-" + tag, "{\"channelId\":\"kch-" + tag + "\",\"from\":{\"visitorId\":\"k1\"},\"body\":\"  \"}", "body"},
        {"unknown-" + tag, "{\"channelId\":\"kch-" + tag + "\",\"from\":{\"visitorId\":\"k2\"},\"body\":\"hi\",\"sentimentScore\":3}", "sentimentScore"},
        {"flow-" + tag, "{\"channelId\":\"kch-" + tag + "\",\"from\":{\"visitorId\":\"k3\"},\"body\":\"hi\",\"chatflowId\":\"nope-" + tag + "\"}", "chatflowId"},
        {"nochannel-" + tag, "{\"from\":{\"visitorId\":\"k4\"},\"body\":\"hi\"}", "channelId"}};
    for (String[] b : bad) {
      ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INBOUND_MESSAGES, b[0], b[1]);
      kafka.send(record).get();
    }
    for (String[] b : bad) {
      ConsumerRecord<String, String> dead = consumeUntil(Topics.deadLetter(Topics.INBOUND_MESSAGES), r -> b[0].equals(r.key()));
      assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8)).as(b[0]).contains(b[2]);
    }
    kafka.send(new ProducerRecord<>(Topics.INBOUND_MESSAGES, "good-" + tag,
        "{\"channelId\":\"kch-" + tag + "\",\"messageId\":\"kg-" + tag + "\",\"from\":{\"visitorId\":\"kg-" + tag + "\"},\"body\":\"hello\"}")).get();
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM messages WHERE external_id = ?", Integer.class, "kg-" + tag) == 1);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.channel_id = ?", Integer.class, "kch-" + tag))
        .as("only the good record stored").isEqualTo(1);
  }

  private String chatSurvey(String name) {
    String id = postJson("/api/surveys", "{\"name\":\"" + name + "\",\"type\":\"CSAT\",\"delivery\":\"CHAT\",\"options\":{\"cooldownDays\":0}}").getBody().get("id").asText();
    postJson("/api/surveys/" + id + "/publish", "{}");
    return id;
  }

  /** A customer writes, the agent gets it and replies: a conversation the chat-survey rules accept. */
  private String converse(String channel, String from, String chatflowId, String agent) {
    String body = "{\"messageId\":\"" + UUID.randomUUID() + "\",\"from\":" + from + ",\"body\":\"Question\"" + (chatflowId == null ? "" : ",\"chatflowId\":\"" + chatflowId + "\"") + "}";
    ResponseEntity<JsonNode> received = postJson("/api/channels/" + channel + "/messages", body);
    assertThat(received.getStatusCode().value()).as(String.valueOf(received.getBody())).isEqualTo(202);
    String conversation = received.getBody().get("conversationId").asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.equals(rest.getForObject("/api/conversations/" + conversation, JsonNode.class).path("assignee_id").asText(null)));
    postJson("/api/conversations/" + conversation + "/replies", "{\"agentId\":\"" + agent + "\",\"body\":\"Answer\"}");
    return conversation;
  }
}
