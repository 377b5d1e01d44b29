package dev.pulse.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.platform.events.Topics;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * HubSpot's channel niceties: a team email reply is mailed from the team's address under its
 * from-name, "Re:" the customer's subject, with the team's signature; a Messenger greeting goes to
 * the connector when it changes; each setting belongs to its channel type.
 */
class TeamEmailAndGreetingTest extends PulseStackTest {

  @org.springframework.beans.factory.annotation.Autowired org.springframework.kafka.core.KafkaTemplate<String, String> kafka;

  @Test
  void aTeamEmailReplyIsMailedFromTheTeamWithItsNameSubjectAndSignature() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/agents/ada-" + tag, "{\"name\":\"Ada Lovelace\",\"status\":\"available\",\"teams\":[\"t-" + tag + "\"]}");
    putJson("/api/inboxes/in-" + tag, "{\"name\":\"Support\",\"routing\":{\"mode\":\"SPECIFIC\",\"teamIds\":[\"t-" + tag + "\"]}}");
    assertThat(putJson("/api/channels/mail-" + tag, """
        {"inboxId": "in-%s", "type": "TEAM_EMAIL", "name": "Support mail",
         "teamEmail": {"address": "support-%s@acme.test", "fromName": "Acme Support", "signature": "Acme Ltd\\nhttps://acme.test/help"}}
        """.formatted(tag, tag)).getStatusCode()).isEqualTo(HttpStatus.OK);
    putJson("/api/channels/chat-" + tag, "{\"inboxId\":\"in-" + tag + "\",\"type\":\"CHAT\"}");
    String customer = "cust-" + tag + "@example.test";
    // the mail connector hands the customer's mail over Kafka, subject included
    kafka.send(Topics.INBOUND_MESSAGES, "m1-" + tag, "{\"channelId\":\"mail-" + tag + "\",\"messageId\":\"<m1-" + tag + "@example.test>\",\"from\":{\"email\":\"" + customer
        + "\"},\"subject\":\"My order 42\",\"body\":\"Where is it?\"}").get();
    String conversation = await().atMost(Duration.ofSeconds(20)).until(
        () -> jdbc.queryForList("SELECT id FROM conversations WHERE channel_id = ?", String.class, "mail-" + tag).stream().findFirst().orElse(null), c -> c != null);

    assertThat(postJson("/api/conversations/" + conversation + "/replies", "{\"agentId\":\"ada-" + tag + "\",\"body\":\"It ships today.\"}")
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode mail = await().atMost(Duration.ofSeconds(15)).until(() -> mailTo(customer), m -> m != null);
    assertThat(mail.get("from").asText()).isEqualTo("Acme Support <support-" + tag + "@acme.test>");
    assertThat(mail.get("subject").asText()).isEqualTo("Re: My order 42");
    assertThat(mail.get("text").asText().replace("\r\n", "\n")).startsWith("It ships today.").endsWith("\n-- \nAcme Ltd\nhttps://acme.test/help");
    var event = consumeUntil(Topics.OUTBOUND_MESSAGES, r -> conversation.equals(r.key()) && r.value().contains("conversation.reply"));
    assertThat(event.value()).contains("\"subject\":\"Re: My order 42\"").contains("\"fromName\":\"Acme Support\"");
    assertThat(jdbc.queryForObject("SELECT error FROM messages WHERE conversation_id = ? AND direction = 'OUT'", String.class, conversation)).isNull();

    // the same customer in chat: the reply goes to the chat, not by mail
    String chat = postJson("/api/channels/chat-" + tag + "/messages", "{\"from\":{\"email\":\"" + customer + "\"},\"body\":\"and in chat?\"}")
        .getBody().get("conversationId").asText();
    postJson("/api/conversations/" + chat + "/replies", "{\"agentId\":\"ada-" + tag + "\",\"body\":\"Here too.\"}");
    assertThat(mailsTo(customer)).as("only the team email reply was mailed").isEqualTo(1);
  }

  @Test
  void aMessengerGreetingGoesToTheConnectorWhenItChangesAndSettingsBelongToTheirChannelType() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/inboxes/in-" + tag, "{\"name\":\"Social\"}");
    String messenger = "fb-" + tag;
    String greeting = "{\"inboxId\":\"in-" + tag + "\",\"type\":\"MESSENGER\",\"greeting\":\"%s\"}";
    assertThat(putJson("/api/channels/" + messenger, greeting.formatted("Hi! Ask us anything.")).getStatusCode()).isEqualTo(HttpStatus.OK);
    var event = consumeUntil(Topics.OUTBOUND_MESSAGES, r -> messenger.equals(r.key()) && r.value().contains("channel.greeting"));
    assertThat(event.value()).contains("Hi! Ask us anything.");
    putJson("/api/channels/" + messenger, greeting.formatted("Hi! Ask us anything.")); // unchanged: nothing to tell
    putJson("/api/channels/" + messenger, greeting.formatted("Hej! Fråga oss vad som helst."));
    assertThat(jdbc.queryForList("SELECT payload::text FROM outbox WHERE event_type = 'channel.greeting' AND message_key = ? ORDER BY created_at", String.class, messenger))
        .hasSize(2).last().asString().contains("Fråga oss");

    String[][] refused = {
      {"{\"inboxId\":\"in-" + tag + "\",\"type\":\"CHAT\",\"teamEmail\":{\"fromName\":\"Acme\"}}", "teamEmail"},
      {"{\"inboxId\":\"in-" + tag + "\",\"type\":\"TEAM_EMAIL\",\"greeting\":\"Hi\"}", "greeting"},
      {greeting.formatted("x".repeat(161)), "greeting"},
      {"{\"inboxId\":\"in-" + tag + "\",\"type\":\"TEAM_EMAIL\",\"teamEmail\":{\"address\":\"not an address\"}}", "teamEmail.address"}};
    for (String[] c : refused) {
      ResponseEntity<JsonNode> r = putJson("/api/channels/bad-" + tag, c[0]);
      assertThat(r.getStatusCode()).as(c[0]).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(r.getBody().get("errors").findValuesAsText("field")).as(c[0]).containsExactly(c[1]);
    }
  }

  private JsonNode mailTo(String address) {
    JsonNode found = null;
    for (JsonNode m : rest.getForObject("/api/dev/mailbox", JsonNode.class)) {
      if (m.get("to").toString().contains(address)) {
        found = m;
      }
    }
    return found;
  }

  private long mailsTo(String address) {
    long n = 0;
    for (JsonNode m : rest.getForObject("/api/dev/mailbox", JsonNode.class)) {
      if (m.get("to").toString().contains(address)) {
        n++;
      }
    }
    return n;
  }
}
