package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.net.URI;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pulse's own workload parks an instance per delivery for days. With 2,000 deliveries of a
 * survey waiting in the engine, a new survey still goes from send to answer to classification,
 * and a new conversation is still assigned and closed, within the waits every other test uses.
 *
 * <p>The waiting deliveries stay for the rest of the suite (they wait on a 60-day send delay, far
 * beyond any clock the other tests move), so every later test runs with them too.
 */
class WaitingAtScaleTest extends PulseStackTest {

  private static final int WAITING = 2_000;

  @Test
  void twoThousandWaitingDeliveriesDoNotSlowANewSurveyOrConversation() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    for (int from = 0; from < WAITING; from += 1_000) {
      StringJoiner batch = new StringJoiner(",", "{\"contacts\":[", "]}");
      for (int i = from; i < from + 1_000; i++) {
        batch.add("{\"id\":\"scale-" + tag + "-" + i + "\",\"email\":\"scale-" + tag + "-" + i + "@x.test\",\"properties\":{\"scaleTag\":\"" + tag + "\"}}");
      }
      assertThat(postJson("/api/contacts/batch", batch.toString()).getStatusCode().is2xxSuccessful()).isTrue();
    }
    String parked = postJson("/api/surveys", """
        {"name": "Scale %s", "type": "CSAT", "delivery": "EMAIL", "delay": {"amount": 60, "unit": "DAYS"},
         "recipients": {"filterGroups": [{"filters": [{"property": "scaleTag", "operator": "IS", "values": ["%s"]}]}]}}
        """.formatted(tag, tag)).getBody().get("id").asText();
    postJson("/api/surveys/" + parked + "/publish", "{}");
    await("2,000 deliveries waiting in the engine").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM deliveries WHERE survey_id = ? AND process_instance_key IS NOT NULL AND status = 'SCHEDULED'", Integer.class, parked) == WAITING);

    // a new survey to a new contact, the whole way: sent, answered, classified, ended
    String contact = "scale-new-" + tag;
    putJson("/api/contacts/" + contact, "{\"email\":\"" + contact + "@x.test\",\"properties\":{\"scaleNewTag\":\"" + tag + "\"}}");
    String survey = postJson("/api/surveys", """
        {"name": "Scale new %s", "type": "NPS", "delivery": "EMAIL", "email": {"subject": "Scale new %s"},
         "recipients": {"filterGroups": [{"filters": [{"property": "scaleNewTag", "operator": "IS", "values": ["%s"]}]}]}}
        """.formatted(tag, tag, tag)).getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");
    String link = await("the new survey's mail").atMost(Duration.ofSeconds(30)).until(() -> {
      for (JsonNode m : rest.getForObject("/api/dev/mailbox", JsonNode.class)) {
        if (m.get("subject").asText().equals("Scale new " + tag)) {
          return m.get("links").get(10).asText();
        }
      }
      return null;
    }, l -> l != null);
    String delivery = jdbc.queryForObject("SELECT id FROM deliveries WHERE survey_id = ?", String.class, survey);
    long instance = jdbc.queryForObject("SELECT process_instance_key FROM deliveries WHERE id = ?", Long.class, delivery);
    String token = URI.create(link).getPath().substring("/r/".length());
    assertThat(postJson("/api/responses", "{\"token\":\"" + token + "\",\"score\":10}").getStatusCode().value()).isEqualTo(201);
    await("the answer classified").atMost(Duration.ofSeconds(20)).until(() -> "HAPPY".equals(rest.getForObject("/api/responses/" + delivery, JsonNode.class).path("bucket").asText()));
    awaitProcessCompleted(instance);

    // a new conversation: routed to the one agent, then closed
    putJson("/api/agents/scale-agent-" + tag, "{\"status\":\"available\",\"teams\":[\"scale-" + tag + "\"]}");
    putJson("/api/inboxes/scale-" + tag, "{\"name\":\"Scale\",\"routing\":{\"mode\":\"SPECIFIC\",\"teamIds\":[\"scale-" + tag + "\"]}}");
    putJson("/api/channels/scale-" + tag, "{\"inboxId\":\"scale-" + tag + "\",\"type\":\"CHAT\"}");
    String conversation = postJson("/api/channels/scale-" + tag + "/messages", "{\"from\":{\"visitorId\":\"sv-" + tag + "\"},\"body\":\"hello\"}")
        .getBody().get("conversationId").asText();
    await("the conversation assigned").atMost(Duration.ofSeconds(20))
        .until(() -> "ASSIGNED".equals(rest.getForObject("/api/conversations/" + conversation, JsonNode.class).path("status").asText()));
    long conversationInstance = jdbc.queryForObject("SELECT process_instance_key FROM conversations WHERE id = ?", Long.class, conversation);
    postJson("/api/conversations/" + conversation + "/close", "{}");
    awaitProcessCompleted(conversationInstance);

    // and the 2,000 still wait: nothing of theirs was sent or lost meanwhile
    assertThat(jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE survey_id = ? AND status = 'SCHEDULED'", Integer.class, parked)).isEqualTo(WAITING);
    postJson("/api/surveys/" + survey + "/unpublish", "{}");
  }
}
