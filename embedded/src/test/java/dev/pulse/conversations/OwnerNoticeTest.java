package dev.pulse.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** HubSpot's notice: a conversation for a contact owner who is offline mails the owner, once. */
class OwnerNoticeTest extends PulseStackTest {

  @Test
  void anOfflineOwnerIsMailedOnceAboutTheirContactsNewConversation() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String owner = "own-" + tag;
    String backup = "bak-" + tag;
    putJson("/api/agents/" + owner, "{\"name\":\"Otto Owner\",\"email\":\"" + owner + "@pulse.test\",\"status\":\"offline\",\"capacity\":5}");
    putJson("/api/agents/" + backup, "{\"name\":\"Bea Backup\",\"email\":\"" + backup + "@pulse.test\",\"status\":\"available\",\"capacity\":5}");
    putJson("/api/contacts/oc-" + tag, "{\"email\":\"oc-" + tag + "@x.test\",\"firstname\":\"Olle\",\"ownerId\":\"" + owner + "\"}");
    putJson("/api/inboxes/oi-" + tag, "{\"name\":\"Owners\",\"routing\":{\"mode\":\"CONTACT_OWNER\",\"userIds\":[\"" + backup + "\"]}}");
    putJson("/api/channels/omail-" + tag, "{\"inboxId\":\"oi-" + tag + "\",\"type\":\"TEAM_EMAIL\"}");

    String conversation = postJson("/api/channels/omail-" + tag + "/messages",
        "{\"messageId\":\"<o1-" + tag + "@x>\",\"from\":{\"email\":\"oc-" + tag + "@x.test\"},\"body\":\"Is my order on its way?\"}").getBody().get("conversationId").asText();
    JsonNode notice = await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(owner + "@pulse.test").stream().findFirst().orElse(null), m -> m != null);
    assertThat(notice.get("subject").asText()).isEqualTo("New conversation from Olle while you are offline");
    assertThat(notice.get("text").asText()).contains("Is my order on its way?").contains(conversation);
    // the backup takes it; the customer writes again: still one notice
    await().atMost(Duration.ofSeconds(20)).until(() -> backup.equals(rest.getForObject("/api/conversations/" + conversation, JsonNode.class).path("assignee_id").asText(null)));
    postJson("/api/channels/omail-" + tag + "/messages", "{\"messageId\":\"<o2-" + tag + "@x>\",\"from\":{\"email\":\"oc-" + tag + "@x.test\"},\"body\":\"Hello?\"}");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> mailsTo(owner + "@pulse.test").size() == 1);
    assertThat(mailsTo(backup + "@pulse.test")).as("an available agent gets no notice (other mail, such as an SLA breach, may come)")
        .noneMatch(m -> m.get("subject").asText().startsWith("New conversation"));
  }

  private List<JsonNode> mailsTo(String address) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode m : rest.getForObject("/api/dev/mailbox", JsonNode.class)) {
      if (m.get("to").toString().contains(address)) {
        found.add(m);
      }
    }
    return found;
  }
}
