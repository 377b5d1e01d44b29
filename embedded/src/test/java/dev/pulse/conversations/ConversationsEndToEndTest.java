package dev.pulse.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.platform.events.Topics;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A chat from Kafka to a chat survey answer: routed by the assignment rules to the least-loaded
 * available agent of the team who has a seat, replied to, closed; the inbox's chat survey goes out
 * on {@code pulse.outbound-messages}, is answered 5, and the answer is credited to that agent.
 */
class ConversationsEndToEndTest extends PulseStackTest {

  @Autowired KafkaTemplate<String, String> kafka;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aChatIsRoutedRepliedClosedSurveyedAndCreditedToItsAgent() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String team = "support-" + tag;
    putJson("/api/teams/" + team, "{\"name\":\"Support\"}");
    // busy, seatless and away agents of the team, and the one who should get it
    putJson("/api/agents/busy-" + tag, "{\"status\":\"available\",\"teams\":[\"" + team + "\"],\"capacity\":0}");
    putJson("/api/agents/seatless-" + tag, "{\"status\":\"available\",\"paidSeat\":false,\"teams\":[\"" + team + "\"]}");
    putJson("/api/agents/away-" + tag, "{\"status\":\"away\",\"teams\":[\"" + team + "\"]}");
    // and one who could take it but already has a chat (first by name, so only the load keeps it from him)
    putJson("/api/agents/aaron-" + tag, "{\"status\":\"available\",\"teams\":[\"" + team + "\"],\"capacity\":3}");
    jdbc.update("INSERT INTO conversations (id, inbox_id, channel_id, channel_type, contact_id, status, assignee_id) VALUES (?, 'elsewhere', 'elsewhere', 'CHAT', ?, 'ASSIGNED', ?)",
        "load-" + tag, "someone-" + tag, "aaron-" + tag);
    String agent = "ada-" + tag;
    putJson("/api/agents/" + agent, "{\"name\":\"Ada\",\"status\":\"available\",\"teams\":[\"" + team + "\"],\"capacity\":3}");

    String survey = postJson("/api/surveys", "{\"name\":\"Chat CSAT " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"CHAT\"}").getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");
    String inbox = "inbox-" + tag;
    assertThat(putJson("/api/inboxes/" + inbox, """
        {"name": "Support", "routing": {"mode": "SPECIFIC", "teamIds": ["%s"], "onlyAvailable": true},
         "sla": {"firstResponse": "PT1H"}, "chatSurveyId": "%s"}
        """.formatted(team, survey)).getStatusCode()).isEqualTo(HttpStatus.OK);
    String channel = "chat-" + tag;
    putJson("/api/channels/" + channel, "{\"inboxId\":\"" + inbox + "\",\"type\":\"CHAT\",\"name\":\"Website chat\"}");

    // the first message arrives on Kafka
    String visitor = "v-" + tag;
    kafka.send(new ProducerRecord<>(Topics.INBOUND_MESSAGES, visitor,
        "{\"channelId\":\"" + channel + "\",\"messageId\":\"m1-" + tag + "\",\"from\":{\"visitorId\":\"" + visitor + "\",\"name\":\"Vera Visitor\"},\"body\":\"My order is late\"}")).get();
    String conversation = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
        "SELECT id FROM conversations WHERE channel_id = ?", String.class, channel).stream().findFirst().orElse(null), id -> id != null);
    await().atMost(Duration.ofSeconds(30)).until(() -> "ASSIGNED".equals(get(conversation).path("status").asText()));
    JsonNode routed = get(conversation);
    assertThat(routed.get("assignee_id").asText()).isEqualTo(agent);
    assertThat(routed.get("routing").asText()).contains("Assign to the least-loaded candidate").contains("seatless-" + tag + ", reason=has no paid seat");

    // the same message again (a redelivery) is stored once
    postJson("/api/channels/" + channel + "/messages", "{\"messageId\":\"m1-" + tag + "\",\"from\":{\"visitorId\":\"" + visitor + "\"},\"body\":\"My order is late\"}");
    assertThat(get(conversation).get("messages")).hasSize(1);

    // the agent replies; the reply goes to the channel adapter
    assertThat(postJson("/api/conversations/" + conversation + "/replies", "{\"agentId\":\"" + agent + "\",\"body\":\"Sorry! It ships today.\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
    ConsumerRecord<String, String> reply = consumeUntil(Topics.OUTBOUND_MESSAGES, r -> conversation.equals(r.key()) && r.value().contains("conversation.reply"));
    assertThat(json.readTree(reply.value()).at("/data/body").asText()).isEqualTo("Sorry! It ships today.");

    // close: the chat survey goes out to the conversation
    postJson("/api/conversations/" + conversation + "/close", "{}");
    ConsumerRecord<String, String> surveyMessage = consumeUntil(Topics.OUTBOUND_MESSAGES, r -> conversation.equals(r.key()) && r.value().contains("survey.chat"));
    String token = json.readTree(surveyMessage.value()).at("/data/token").asText();
    ResponseEntity<JsonNode> answer = postJson("/api/responses", "{\"token\":\"" + token + "\",\"score\":5,\"channel\":\"CHAT\"}");
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(answer.getBody().get("agentId").asText()).isEqualTo(agent);
    assertThat(answer.getBody().get("score").asInt()).isEqualTo(5);

    for (String type : new String[] {"conversation.started", "conversation.assigned", "conversation.closed"}) {
      consumeUntil(Topics.EVENTS, r -> conversation.equals(r.key()) && r.value().contains("\"" + type + "\""));
    }
  }

  @Test
  void badInputIsRefusedClearly() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    ResponseEntity<JsonNode> unknown = postJson("/api/channels/no-such-" + tag + "/messages", "{\"from\":{\"email\":\"a@b.test\"},\"body\":\"hi\"}");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getBody().get("detail").asText()).contains("no-such-" + tag);

    ResponseEntity<JsonNode> reversed = putJson("/api/calendars/cal-" + tag, """
        {"timeZone": "Europe/Berlin", "weekly": {"MONDAY": [{"from": "09:00", "to": "12:00"}, {"from": "13:00", "to": "12:30"}]}}
        """);
    assertThat(reversed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(reversed.getBody().at("/errors/0/field").asText()).isEqualTo("weekly.MONDAY[1]");

    ResponseEntity<JsonNode> badZone = putJson("/api/calendars/cal-" + tag, "{\"timeZone\": \"Mars/Olympus\", \"alwaysOpen\": true}");
    assertThat(badZone.getBody().at("/errors/0/field").asText()).isEqualTo("timeZone");

    ResponseEntity<JsonNode> badTime = putJson("/api/calendars/cal-" + tag, "{\"timeZone\": \"UTC\", \"weekly\": {\"MONDAY\": [{\"from\": \"9am\", \"to\": \"17:00\"}]}}");
    assertThat(badTime.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badTime.getBody().at("/errors/0/field").asText()).isEqualTo("weekly[MONDAY][0].from");

    ResponseEntity<JsonNode> split = putJson("/api/calendars/cal-" + tag, """
        {"timeZone": "Europe/Berlin", "weekly": {"MONDAY": [{"from": "09:00", "to": "12:00"}, {"from": "13:00", "to": "17:00"}]}, "holidays": ["2026-12-25"]}
        """);
    assertThat(split.getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  private JsonNode get(String conversation) {
    return rest.getForObject("/api/conversations/" + conversation, JsonNode.class);
  }
}
