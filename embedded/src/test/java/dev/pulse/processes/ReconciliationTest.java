package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import io.camunda.client.CamundaClient;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A lost process instance (as after a restart of the embedded engine, simulated by cancelling it)
 * is resumed from PostgreSQL's state at the right element, once, and the flow goes on from there.
 */
class ReconciliationTest extends PulseStackTest {

  @Autowired CamundaClient client;

  @Test
  void aSentDeliveryWhoseInstanceIsGoneWaitsForItsAnswerAgainAndAConversationForItsClose() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String contact = "rec-" + tag;
    // the survey targets this test's contact only: other tests' contacts stay out of it
    putJson("/api/contacts/" + contact, "{\"email\":\"" + contact + "@x.test\",\"properties\":{\"reconcileTag\":\"" + tag + "\"}}");
    String survey = postJson("/api/surveys", """
        {"name": "Reconcile %s", "type": "NPS", "delivery": "EMAIL", "email": {"subject": "Reconcile %s"},
         "recipients": {"filterGroups": [{"filters": [{"property": "reconcileTag", "operator": "IS", "values": ["%s"]}]}]}}
        """.formatted(tag, tag, tag)).getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");
    String delivery = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
        "SELECT id FROM deliveries WHERE survey_id = ? AND status = 'SENT'", String.class, survey).stream().findFirst().orElse(null), id -> id != null);
    long lost = jdbc.queryForObject("SELECT process_instance_key FROM deliveries WHERE id = ?", Long.class, delivery);
    client.newCancelInstanceCommand(lost).send().join();

    JsonNode report = reconcile();
    JsonNode resumed = find(report.get("resumed"), delivery);
    assertThat(resumed.get("atElement").asText()).isEqualTo(dev.pulse.surveys.SurveyLifecycleProcess.GATEWAY_AWAIT_ANSWER);
    assertThat(resumed.get("state").asText()).isEqualTo("SENT");
    long key = jdbc.queryForObject("SELECT process_instance_key FROM deliveries WHERE id = ?", Long.class, delivery);
    assertThat(key).isEqualTo(resumed.get("processInstanceKey").asLong()).isNotEqualTo(lost);

    // once: a second run leaves it alone
    assertThat(reconcile().get("resumed").toString()).doesNotContain(delivery);

    // the resumed instance takes the answer and classifies it
    String link = await().atMost(Duration.ofSeconds(10)).until(() -> {
      for (JsonNode m : rest.getForObject("/api/dev/mailbox", JsonNode.class)) {
        if (m.get("subject").asText().equals("Reconcile " + tag)) {
          return m.get("links").get(10).asText();
        }
      }
      return null;
    }, l -> l != null);
    String token = URI.create(link).getPath().substring("/r/".length());
    assertThat(postJson("/api/responses", "{\"token\":\"" + token + "\",\"score\":10}").getStatusCode().value()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(20)).until(() -> "HAPPY".equals(rest.getForObject("/api/responses/" + delivery, JsonNode.class).path("bucket").asText()));
    postJson("/api/surveys/" + survey + "/unpublish", "{}");

    // an assigned conversation waits for its close again
    putJson("/api/agents/rec-agent-" + tag, "{\"status\":\"available\",\"teams\":[\"rec-" + tag + "\"]}");
    putJson("/api/inboxes/rec-" + tag, "{\"name\":\"R\",\"routing\":{\"mode\":\"SPECIFIC\",\"teamIds\":[\"rec-" + tag + "\"]}}");
    putJson("/api/channels/rec-" + tag, "{\"inboxId\":\"rec-" + tag + "\",\"type\":\"CHAT\"}");
    String conversation = postJson("/api/channels/rec-" + tag + "/messages", "{\"from\":{\"visitorId\":\"rv-" + tag + "\"},\"body\":\"hi\"}").getBody().get("conversationId").asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> "ASSIGNED".equals(rest.getForObject("/api/conversations/" + conversation, JsonNode.class).path("status").asText()));
    long lostConversation = jdbc.queryForObject("SELECT process_instance_key FROM conversations WHERE id = ?", Long.class, conversation);
    client.newCancelInstanceCommand(lostConversation).send().join();
    JsonNode again = find(reconcile().get("resumed"), conversation);
    assertThat(again.get("atElement").asText()).isEqualTo(dev.pulse.conversations.ConversationProcess.TASK_AWAIT_CLOSE);
    long newKey = again.get("processInstanceKey").asLong();
    postJson("/api/conversations/" + conversation + "/close", "{}");
    await().atMost(Duration.ofSeconds(20)).until(() -> processCompleted(newKey));
  }

  private static JsonNode find(JsonNode resumed, String id) {
    for (JsonNode r : resumed) {
      if (id.equals(r.get("id").asText())) {
        return r;
      }
    }
    throw new AssertionError(id + " was not resumed: " + resumed);
  }

  /** POST /api/admin/reconcile, once the reconciliation at start (in the background) has ended: until then it is a 409. */
  private JsonNode reconcile() {
    return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> postJson("/api/admin/reconcile", "{}"),
        r -> r.getStatusCode().value() != 409).getBody();
  }
}
