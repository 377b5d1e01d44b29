package dev.pulse.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** Every conversation of a ticket channel has its ticket, queued ones too, in the inbox's pipeline and stage, owned by the assignee. */
class ConversationTicketsTest extends PulseStackTest {

  @Test
  void aQueuedConversationHasItsTicketAndTheOwnerFollowsTheAssignee() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String first = "tf-" + tag;
    String second = "ts-" + tag;
    putJson("/api/agents/" + first, "{\"name\":\"Tove First\",\"status\":\"away\",\"capacity\":5}");
    putJson("/api/agents/" + second, "{\"name\":\"Sam Second\",\"status\":\"available\",\"capacity\":5}");
    ResponseEntity<JsonNode> inbox = putJson("/api/inboxes/ti-" + tag,
        "{\"name\":\"Billing\",\"routing\":{\"mode\":\"SPECIFIC\",\"userIds\":[\"" + first + "\"],\"onlyAvailable\":true},\"tickets\":{\"pipeline\":\"billing\",\"stage\":\"triage\"}}");
    assertThat(inbox.getStatusCode().value()).as(String.valueOf(inbox.getBody())).isEqualTo(200);
    putJson("/api/channels/tmail-" + tag, "{\"inboxId\":\"ti-" + tag + "\",\"type\":\"TEAM_EMAIL\",\"createTickets\":true}");

    String conversation = postJson("/api/channels/tmail-" + tag + "/messages",
        "{\"messageId\":\"<t-" + tag + "@x>\",\"from\":{\"email\":\"payer-" + tag + "@x.test\",\"name\":\"Pia Payer\"},\"body\":\"Double charge\"}").getBody().get("conversationId").asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> "QUEUED".equals(get(conversation).path("status").asText()));
    Map<String, Object> ticket = jdbc.queryForMap("SELECT id, pipeline, stage, owner_id, subject FROM tickets WHERE source_key = ?", "conversation:" + conversation);
    assertThat(ticket).containsEntry("pipeline", "billing").containsEntry("stage", "triage");
    assertThat(ticket.get("owner_id")).as("nobody has it yet").isNull();
    assertThat((String) ticket.get("subject")).contains("Pia Payer");
    assertThat(get(conversation).get("ticket_id").asText()).isEqualTo(ticket.get("id"));

    // the agent comes back: assigned, and the ticket is theirs
    putJson("/api/agents/" + first + "/status", "{\"status\":\"available\"}");
    await().atMost(Duration.ofSeconds(30)).until(() -> first.equals(owner(conversation)));
    // reassigned by hand: the ticket follows
    postJson("/api/conversations/" + conversation + "/assign", "{\"agentId\":\"" + second + "\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> second.equals(owner(conversation)));
    assertThat(jdbc.queryForObject("SELECT count(*) FROM tickets WHERE source_key = ?", Integer.class, "conversation:" + conversation)).as("one ticket").isEqualTo(1);

    ResponseEntity<JsonNode> bad = putJson("/api/inboxes/tbad-" + tag, "{\"name\":\"Bad\",\"tickets\":{\"pipeline\":\"two words\"}}");
    assertThat(bad.getStatusCode().value()).isEqualTo(400);
    assertThat(bad.getBody().toString()).contains("tickets.pipeline");
  }

  private JsonNode get(String conversation) {
    return rest.getForObject("/api/conversations/" + conversation, JsonNode.class);
  }

  private String owner(String conversation) {
    // no owner yet is a null row, which findFirst() cannot hold
    return jdbc.queryForList("SELECT owner_id FROM tickets WHERE source_key = ?", String.class, "conversation:" + conversation).stream()
        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
  }
}
