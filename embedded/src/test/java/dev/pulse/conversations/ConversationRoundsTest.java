package dev.pulse.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A reopened conversation starts a new response round: its own first-response clock, its own SLA breach, the old round kept. */
class ConversationRoundsTest extends PulseStackTest {

  @Test
  void reopeningStartsANewResponseRoundWithItsOwnFirstResponseSla() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String agent = "ra-" + tag;
    putJson("/api/agents/" + agent, "{\"email\":\"" + agent + "@pulse.test\",\"status\":\"available\",\"capacity\":5}");
    putJson("/api/inboxes/rin-" + tag, "{\"name\":\"Rounds\",\"routing\":{\"mode\":\"SPECIFIC\",\"userIds\":[\"" + agent + "\"]},\"sla\":{\"firstResponse\":\"PT6S\"}}");
    putJson("/api/channels/rmail-" + tag, "{\"inboxId\":\"rin-" + tag + "\",\"type\":\"TEAM_EMAIL\"}");
    String conversation = postJson("/api/channels/rmail-" + tag + "/messages",
        "{\"messageId\":\"<r1-" + tag + "@x>\",\"from\":{\"email\":\"round-" + tag + "@x.test\"},\"body\":\"First question\"}").getBody().get("conversationId").asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.equals(get(conversation).path("assignee_id").asText(null)));
    postJson("/api/conversations/" + conversation + "/replies", "{\"agentId\":\"" + agent + "\",\"body\":\"Answered\"}");
    String firstResponse = get(conversation).get("first_response_at").asText();
    postJson("/api/conversations/" + conversation + "/close", "{}");
    await().atMost(Duration.ofSeconds(20)).until(() -> "CLOSED".equals(get(conversation).path("status").asText()));
    // the round was answered in time: no breach
    assertThat(breaches(conversation)).isZero();

    JsonNode reopened = postJson("/api/conversations/" + conversation + "/reopen", "{}").getBody();
    assertThat(reopened.get("round").asInt()).isEqualTo(2);
    assertThat(reopened.path("first_response_at").asText(null)).as("the clock starts again").isNull();
    JsonNode earlier = get(conversation).get("earlierRounds");
    assertThat(earlier).hasSize(1);
    assertThat(earlier.get(0).get("round").asInt()).isEqualTo(1);
    assertThat(earlier.get(0).get("first_response_at").asText()).isEqualTo(firstResponse);
    assertThat(earlier.get(0).get("assignee_id").asText()).isEqualTo(agent);

    // nobody answers the new round within its first-response time: a breach of round 2
    await().atMost(Duration.ofSeconds(30)).until(() -> breaches(conversation) == 1);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM processed_events WHERE consumer = 'sla.first-response' AND event_id = ?", Integer.class,
        conversation + "#round2")).isEqualTo(1);
  }

  private JsonNode get(String conversation) {
    return rest.getForObject("/api/conversations/" + conversation, JsonNode.class);
  }

  private int breaches(String conversation) {
    return jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_type = 'sla.breached' AND message_key = ?", Integer.class, conversation);
  }
}
