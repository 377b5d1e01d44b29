package dev.pulse.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Capacity per channel and overall, counted from the agent's open conversations of each channel,
 * one test for routing and for the inbox's availability (what the chat widget shows).
 */
class ChannelCapacityTest extends PulseStackTest {

  @Test
  void aFullChatCapacityQueuesChatsAndShowsAtCapacityWhileEmailStillFlowsUntilTheOverallCapacity() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String agent = "cap-" + tag;
    putJson("/api/agents/" + agent, "{\"name\":\"Cap\",\"status\":\"available\",\"capacity\":3,\"channelCapacity\":{\"CHAT\":1}}");
    putJson("/api/inboxes/capi-" + tag, "{\"name\":\"Cap\",\"routing\":{\"mode\":\"SPECIFIC\",\"userIds\":[\"" + agent + "\"]}}");
    putJson("/api/channels/capchat-" + tag, "{\"inboxId\":\"capi-" + tag + "\",\"type\":\"CHAT\",\"name\":\"Chat\"}");
    putJson("/api/channels/capmail-" + tag, "{\"inboxId\":\"capi-" + tag + "\",\"type\":\"TEAM_EMAIL\",\"name\":\"Mail\"}");
    assertThat(availability(tag)).isEqualTo("available");

    String firstChat = message("capchat-" + tag, "{\"visitorId\":\"c1-" + tag + "\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.equals(get(firstChat).path("assignee_id").asText(null)));
    assertThat(availability(tag)).as("its one chat is taken").isEqualTo("at_capacity");

    String secondChat = message("capchat-" + tag, "{\"visitorId\":\"c2-" + tag + "\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> "QUEUED".equals(get(secondChat).path("status").asText()));
    assertThat(get(secondChat).get("routing").asText()).contains("is at capacity (CHAT 1 of 1)");

    // email is not a chat: it still goes to the agent, until the overall capacity of 3
    String mail1 = message("capmail-" + tag, "{\"email\":\"m1-" + tag + "@x.test\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.equals(get(mail1).path("assignee_id").asText(null)));
    String mail2 = message("capmail-" + tag, "{\"email\":\"m2-" + tag + "@x.test\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.equals(get(mail2).path("assignee_id").asText(null)));
    String mail3 = message("capmail-" + tag, "{\"email\":\"m3-" + tag + "@x.test\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> "QUEUED".equals(get(mail3).path("status").asText()));
    assertThat(get(mail3).get("routing").asText()).contains("is at capacity (3 of 3 open)");

    // the same count everywhere: the agents list says 3 open (a chat and two mails)
    JsonNode agents = rest.getForObject("/api/agents", JsonNode.class);
    int open = -1;
    for (JsonNode a : agents) {
      if (agent.equals(a.get("id").asText())) {
        open = a.get("openConversations").asInt();
      }
    }
    assertThat(open).isEqualTo(3);
  }

  private String availability(String tag) {
    return rest.getForObject("/api/inboxes/capi-" + tag + "/availability", JsonNode.class).get("state").asText();
  }

  private JsonNode get(String conversation) {
    return rest.getForObject("/api/conversations/" + conversation, JsonNode.class);
  }

  private String message(String channel, String from) {
    return postJson("/api/channels/" + channel + "/messages", "{\"messageId\":\"" + UUID.randomUUID() + "\",\"from\":" + from + ",\"body\":\"Hi\"}")
        .getBody().get("conversationId").asText();
  }
}
