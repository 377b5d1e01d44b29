package dev.pulse.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * The unified inbox over REST: the conversation list with its filters, sort and paging; a
 * contact's history across channels; internal notes that never reach the customer; the lists an
 * inbox screen needs; and refusals that name the parameter.
 */
class InboxApiTest extends PulseStackTest {

  @Test
  void conversationsAreListedFilteredSortedAndPaged() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/inboxes/ib-" + tag, "{\"name\":\"Inbox " + tag + "\",\"routing\":{\"mode\":\"NONE\"}}");
    putJson("/api/channels/chat-" + tag, "{\"inboxId\":\"ib-" + tag + "\",\"type\":\"CHAT\",\"name\":\"Chat\"}");
    putJson("/api/channels/form-" + tag, "{\"inboxId\":\"ib-" + tag + "\",\"type\":\"FORM\",\"name\":\"Form\"}");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(conversation("chat-" + tag, "{\"visitorId\":\"v" + i + "-" + tag + "\"}", "Hello " + i));
    }
    String viaForm = conversation("form-" + tag, "{\"email\":\"formy-" + tag + "@x.test\"}", "A form");

    JsonNode all = list("inboxId=ib-" + tag + "&sort=openedAt&order=asc");
    assertThat(all.get("total").asLong()).isEqualTo(4);
    assertThat(ids(all)).containsExactly(ids.get(0), ids.get(1), ids.get(2), viaForm);
    assertThat(all.get("items").get(0).get("lastMessage").asText()).isEqualTo("Hello 0");
    assertThat(ids(list("inboxId=ib-" + tag + "&sort=openedAt&order=desc"))).containsExactly(viaForm, ids.get(2), ids.get(1), ids.get(0));

    JsonNode second = list("inboxId=ib-" + tag + "&sort=openedAt&order=asc&size=2&page=1");
    assertThat(second.get("total").asLong()).isEqualTo(4);
    assertThat(ids(second)).containsExactly(ids.get(2), viaForm);

    assertThat(ids(list("inboxId=ib-" + tag + "&channel=FORM"))).containsExactly(viaForm);
    assertThat(list("inboxId=ib-" + tag + "&assigneeId=none").get("total").asLong()).isEqualTo(4);
    assertThat(list("inboxId=ib-" + tag + "&status=OPEN").get("total").asLong()).isEqualTo(4);
    postJson("/api/conversations/" + ids.get(1) + "/close", "{}");
    await().atMost(Duration.ofSeconds(20)).until(() -> list("inboxId=ib-" + tag + "&status=CLOSED").get("total").asLong() == 1);
    assertThat(ids(list("inboxId=ib-" + tag + "&status=CLOSED"))).containsExactly(ids.get(1));
    assertThat(list("inboxId=ib-" + tag + "&status=OPEN").get("total").asLong()).isEqualTo(3);
    assertThat(list("inboxId=ib-" + tag + "&updatedSince=" + Instant.now().plusSeconds(3600)).get("total").asLong()).isZero();
    assertThat(list("inboxId=ib-" + tag + "&updatedSince=" + Instant.now().minusSeconds(3600)).get("total").asLong()).isEqualTo(4);
    String contact = rest.getForObject("/api/conversations/" + viaForm, JsonNode.class).get("contact_id").asText();
    assertThat(ids(list("contactId=" + contact))).containsExactly(viaForm);

    // bad parameters are named
    for (String[] bad : new String[][] {{"status=DONE", "status"}, {"channel=FAX", "channel"}, {"updatedSince=yesterday", "updatedSince"},
        {"sort=priority", "sort"}, {"order=up", "order"}}) {
      ResponseEntity<JsonNode> refused = rest.getForEntity("/api/conversations?" + bad[0], JsonNode.class);
      assertThat(refused.getStatusCode().value()).as(bad[0]).isEqualTo(400);
      assertThat(refused.getBody().toString()).contains(bad[1]);
    }
  }

  @Test
  void aContactsHistorySpansChannelsAndNotesStayInternal() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/agents/na-" + tag, "{\"name\":\"Nora Notes\",\"status\":\"available\",\"capacity\":5}");
    putJson("/api/teams/nt-" + tag, "{\"name\":\"Notes team " + tag + "\"}");
    putJson("/api/calendars/cal-" + tag, "{\"timeZone\":\"Europe/Stockholm\",\"alwaysOpen\":true}");
    putJson("/api/inboxes/nb-" + tag, "{\"name\":\"Notes " + tag + "\",\"routing\":{\"mode\":\"NONE\"}}");
    putJson("/api/channels/mail-" + tag, "{\"inboxId\":\"nb-" + tag + "\",\"type\":\"TEAM_EMAIL\",\"name\":\"Mail\"}");
    putJson("/api/channels/form-" + tag, "{\"inboxId\":\"nb-" + tag + "\",\"type\":\"FORM\",\"name\":\"Form\"}");
    String email = "hist-" + tag + "@x.test";
    String byMail = conversation("mail-" + tag, "{\"email\":\"" + email + "\"}", "By mail");
    String byForm = conversation("form-" + tag, "{\"email\":\"" + email + "\"}", "By form");
    String contact = rest.getForObject("/api/conversations/" + byMail, JsonNode.class).get("contact_id").asText();

    JsonNode history = rest.getForObject("/api/contacts/" + contact + "/conversations", JsonNode.class);
    assertThat(ids(history)).containsExactly(byForm, byMail);
    assertThat(rest.getForEntity("/api/contacts/nobody-" + tag + "/conversations", JsonNode.class).getStatusCode().value()).isEqualTo(404);

    ResponseEntity<JsonNode> note = postJson("/api/conversations/" + byMail + "/notes", "{\"agentId\":\"na-" + tag + "\",\"body\":\"VIP, be quick " + tag + "\"}");
    assertThat(note.getStatusCode().value()).as(String.valueOf(note.getBody())).isEqualTo(201);
    JsonNode thread = rest.getForObject("/api/conversations/" + byMail, JsonNode.class);
    assertThat(thread.get("messages").toString()).contains("\"direction\":\"NOTE\"").contains("VIP, be quick " + tag);
    assertThat(thread.path("first_response_at").asText(null)).as("a note is not a response").isNull();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE topic = 'pulse.outbound-messages' AND payload::text LIKE ?", Integer.class, "%be quick " + tag + "%"))
        .as("never sent to the customer").isZero();
    assertThat(postJson("/api/conversations/" + byMail + "/notes", "{\"agentId\":\"ghost-" + tag + "\",\"body\":\"x\"}").getStatusCode().value()).isEqualTo(400);
    assertThat(postJson("/api/conversations/none-" + tag + "/notes", "{\"agentId\":\"na-" + tag + "\",\"body\":\"x\"}").getStatusCode().value()).isEqualTo(404);
    assertThat(postJson("/api/conversations/" + byMail + "/notes", "{\"agentId\":\"na-" + tag + "\"}").getStatusCode().value()).isEqualTo(400);

    // the lists an inbox screen needs
    assertThat(rest.getForObject("/api/inboxes", JsonNode.class).toString()).contains("\"nb-" + tag + "\"").contains("\"openConversations\":2");
    assertThat(rest.getForObject("/api/channels", JsonNode.class).toString()).contains("\"mail-" + tag + "\"").contains("\"form-" + tag + "\"");
    assertThat(rest.getForObject("/api/agents", JsonNode.class).toString()).contains("Nora Notes");
    assertThat(rest.getForObject("/api/teams", JsonNode.class).toString()).contains("Notes team " + tag);
    assertThat(rest.getForObject("/api/calendars", JsonNode.class).toString()).contains("cal-" + tag).contains("Europe/Stockholm");
    jdbc.update("INSERT INTO tickets (id, source_key, contact_id, subject) VALUES (?, ?, ?, 'Hist')", "tk-" + tag, "hist-" + tag, contact);
    JsonNode tickets = rest.getForObject("/api/tickets?contactId=" + contact + "&status=OPEN", JsonNode.class);
    assertThat(tickets.get("total").asLong()).isEqualTo(1);
    assertThat(rest.getForObject("/api/tickets?contactId=" + contact + "&status=CLOSED", JsonNode.class).get("total").asLong()).isZero();
    assertThat(rest.getForEntity("/api/tickets?status=MAYBE", JsonNode.class).getStatusCode().value()).isEqualTo(400);
  }

  private String conversation(String channel, String from, String body) {
    String messageId = UUID.randomUUID().toString();
    postJson("/api/channels/" + channel + "/messages", "{\"messageId\":\"" + messageId + "\",\"from\":" + from + ",\"body\":\"" + body + "\"}");
    return await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
        "SELECT conversation_id FROM messages WHERE channel_id = ? AND external_id = ?", String.class, channel, messageId).stream().findFirst().orElse(null), id -> id != null);
  }

  private JsonNode list(String query) {
    ResponseEntity<JsonNode> answer = rest.getForEntity("/api/conversations?" + query, JsonNode.class);
    assertThat(answer.getStatusCode().value()).as(String.valueOf(answer.getBody())).isEqualTo(200);
    return answer.getBody();
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(i -> ids.add(i.get("id").asText()));
    return ids;
  }
}
