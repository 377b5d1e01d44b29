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
 * Routing over a conversation's life: the re-route on silence takes it only from an assignee
 * who left a customer message unanswered for the re-route time, a hand assignment of a queued conversation holds, the queue is served in order, and a
 * closed conversation can be reopened.
 */
class ConversationRoutingTest extends PulseStackTest {

  /**
   * Silence counts from the oldest customer message nobody answered: an assignee who answered,
   * then got a new message late in the re-route time, keeps the conversation when the time after
   * routing is up, and loses it only when the new message has waited the whole time.
   */
  @Test
  void silenceCountsFromTheOldestUnansweredMessageNotFromTheAssignment() {
    String tag = tag();
    agent("a-" + tag, tag, "available", 5);
    agent("b-" + tag, tag, "available", 5);
    inbox(tag, "\"rerouteAfter\":\"PT1H\"");
    String conversation = write(tag, "cust-" + tag, "m1", "hello");
    await().atMost(Duration.ofSeconds(20)).until(() -> ("a-" + tag).equals(get(conversation).path("assignee_id").asText()));
    long instance = get(conversation).get("process_instance_key").asLong();
    await().atMost(Duration.ofSeconds(20)).until(() -> timesActivated(instance, "Task_AwaitClose") == 1);
    assertThat(postJson("/api/conversations/" + conversation + "/replies", "{\"agentId\":\"a-" + tag + "\",\"body\":\"hi, how can I help?\"}").getStatusCode().is2xxSuccessful()).isTrue();

    stack().zeebe().increaseTime(Duration.ofMinutes(40));
    write(tag, "cust-" + tag, "m2", "one more thing");
    stack().zeebe().increaseTime(Duration.ofMinutes(21)); // an hour after routing, 21 minutes after m2
    await().atMost(Duration.ofSeconds(20)).until(() -> timesActivated(instance, "Task_CheckSilenceSinceRouted") == 1);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> timesActivated(instance, "Task_AwaitClose") == 1);
    assertThat(get(conversation).get("assignee_id").asText()).as("m1 was answered; m2 has not waited an hour").isEqualTo("a-" + tag);

    stack().zeebe().increaseTime(Duration.ofMinutes(40)); // m2 has waited an hour
    await().atMost(Duration.ofSeconds(20)).until(() -> ("b-" + tag).equals(get(conversation).path("assignee_id").asText()));
    assertThat(get(conversation).get("routing").asText()).contains("handed the conversation back");
    assertThat(timesActivated(instance, "Message_AssigneeSilent")).isEqualTo(1);
  }

  /** A hand reassignment gives the new assignee the whole re-route time, counted from the reassignment. */
  @Test
  void aConversationReassignedByHandGivesTheNewAssigneeTheWholeTime() {
    String tag = tag();
    agent("a-" + tag, tag, "available", 5);
    inbox(tag, "\"rerouteAfter\":\"PT1H\"");
    String conversation = write(tag, "cust-" + tag, "m1", "hello?");
    await().atMost(Duration.ofSeconds(20)).until(() -> ("a-" + tag).equals(get(conversation).path("assignee_id").asText()));
    long instance = get(conversation).get("process_instance_key").asLong();
    await().atMost(Duration.ofSeconds(20)).until(() -> timesActivated(instance, "Task_AwaitClose") == 1);
    agent("b-" + tag, tag, "available", 5);

    stack().zeebe().increaseTime(Duration.ofMinutes(30));
    assertThat(postJson("/api/conversations/" + conversation + "/assign", "{\"agentId\":\"b-" + tag + "\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
    await().atMost(Duration.ofSeconds(20)).until(() -> timesActivated(instance, "SubProcess_NewAssignee") == 1);
    stack().zeebe().increaseTime(Duration.ofMinutes(31)); // an hour after routing, half an hour after b got it
    await().atMost(Duration.ofSeconds(20)).until(() -> timesActivated(instance, "Task_CheckSilenceSinceRouted") == 1);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> ("b-" + tag).equals(get(conversation).path("assignee_id").asText()));

    stack().zeebe().increaseTime(Duration.ofMinutes(30)); // b has had it an hour
    await().atMost(Duration.ofSeconds(20)).until(() -> ("a-" + tag).equals(get(conversation).path("assignee_id").asText()));
    assertThat(timesActivated(instance, "Task_CheckSilenceSinceReassigned")).isEqualTo(1);
    assertThat(timesActivated(instance, "Message_AssigneeSilent")).isEqualTo(1);
  }

  /** Silent too long with nobody else to take it: the conversation stays put (no queue, no flapping) and the trace says so. */
  @Test
  void aSilentAssigneeNobodyCanReplaceKeepsTheConversationAndTheTraceSaysWhy() {
    String tag = tag();
    agent("solo-" + tag, tag, "available", 5);
    inbox(tag, "\"rerouteAfter\":\"PT1H\"");
    String conversation = write(tag, "cust-" + tag, "m1", "hello?");
    await().atMost(Duration.ofSeconds(20)).until(() -> ("solo-" + tag).equals(get(conversation).path("assignee_id").asText()));
    long instance = get(conversation).get("process_instance_key").asLong();
    await().atMost(Duration.ofSeconds(20)).until(() -> timesActivated(instance, "Task_AwaitClose") == 1);

    stack().zeebe().increaseTime(Duration.ofMinutes(61));
    await().atMost(Duration.ofSeconds(20)).until(() -> timesActivated(instance, "Task_AwaitClose") == 2);
    assertThat(get(conversation).get("status").asText()).isEqualTo("ASSIGNED");
    assertThat(get(conversation).get("assignee_id").asText()).isEqualTo("solo-" + tag);
    assertThat(get(conversation).get("routing").asText()).contains("stays with solo-" + tag + ": nobody else can take it");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_type = 'conversation.queued' AND message_key = ?", Integer.class, conversation))
        .as("never queued in between").isZero();
  }

  @Test
  void aQueuedConversationAssignedByHandStaysWithThatAgentAndASeatlessAgentIsRefused() {
    String tag = tag();
    agent("m-" + tag, tag, "offline", 5);
    putJson("/api/agents/free-" + tag, "{\"status\":\"available\",\"paidSeat\":false,\"teams\":[\"t-" + tag + "\"]}");
    inbox(tag, "\"queueRetry\":\"PT30S\"");
    String conversation = write(tag, "cust-" + tag, "m1", "anyone?");
    await().atMost(Duration.ofSeconds(20)).until(() -> "QUEUED".equals(get(conversation).path("status").asText()));
    consumeUntil(Topics.EVENTS, r -> conversation.equals(r.key()) && r.value().contains("\"conversation.queued\""));

    ResponseEntity<JsonNode> seatless = postJson("/api/conversations/" + conversation + "/assign", "{\"agentId\":\"free-" + tag + "\"}");
    assertThat(seatless.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(seatless.getBody().toString()).contains("agentId").contains("paid seat");

    assertThat(postJson("/api/conversations/" + conversation + "/assign", "{\"agentId\":\"m-" + tag + "\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
    long instance = get(conversation).get("process_instance_key").asLong();
    await().atMost(Duration.ofSeconds(20)).until(() -> timesActivated(instance, "Task_AwaitClose") == 1);
    stack().zeebe().increaseTime(Duration.ofMinutes(2)); // past any queue retry
    assertThat(get(conversation).get("assignee_id").asText()).isEqualTo("m-" + tag);
    assertThat(get(conversation).get("status").asText()).isEqualTo("ASSIGNED");
  }

  @Test
  void theQueueIsServedInTheOrderConversationsArrived() {
    String tag = tag();
    agent("q-" + tag, tag, "away", 1);
    inbox(tag, "\"queueRetry\":\"PT1H\"");
    String first = write(tag, "first-" + tag, "m1", "I was here first");
    await().atMost(Duration.ofSeconds(20)).until(() -> "QUEUED".equals(get(first).path("status").asText()));
    String second = write(tag, "second-" + tag, "m2", "me too");
    await().atMost(Duration.ofSeconds(20)).until(() -> "QUEUED".equals(get(second).path("status").asText()));

    putJson("/api/agents/q-" + tag + "/status", "{\"status\":\"available\"}"); // room for one
    await().atMost(Duration.ofSeconds(20)).until(() -> ("q-" + tag).equals(get(first).path("assignee_id").asText()));
    assertThat(get(second).get("status").asText()).isEqualTo("QUEUED");

    // closing the first frees the agent: the second is next
    postJson("/api/conversations/" + first + "/close", "{}");
    await().atMost(Duration.ofSeconds(20)).until(() -> ("q-" + tag).equals(get(second).path("assignee_id").asText()));
  }

  @Test
  void anInboxThatRequiresASkillRoutesOnlyToAgentsWhoHaveIt() {
    String tag = tag();
    putJson("/api/agents/all-" + tag, "{\"status\":\"available\",\"capacity\":5,\"teams\":[\"t-" + tag + "\"]}");
    putJson("/api/agents/billing-" + tag, "{\"status\":\"available\",\"capacity\":5,\"teams\":[\"t-" + tag + "\"],\"skills\":[\"billing\",\"german\"]}");
    jdbc.update("INSERT INTO conversations (id, inbox_id, channel_id, channel_type, contact_id, status, assignee_id) VALUES (?, 'elsewhere', 'elsewhere', 'CHAT', ?, 'ASSIGNED', ?)",
        "busy-" + tag, "someone-" + tag, "billing-" + tag); // the skilled agent is the busier one
    assertThat(putJson("/api/inboxes/in-" + tag, "{\"name\":\"Billing\",\"routing\":{\"mode\":\"SPECIFIC\",\"teamIds\":[\"t-" + tag + "\"],\"requiredSkills\":[\"billing\"]}}").getStatusCode()).isEqualTo(HttpStatus.OK);
    putJson("/api/channels/ch-" + tag, "{\"inboxId\":\"in-" + tag + "\",\"type\":\"CHAT\"}");
    String conversation = write(tag, "cust-" + tag, "m1", "my invoice");
    await().atMost(Duration.ofSeconds(20)).until(() -> ("billing-" + tag).equals(get(conversation).path("assignee_id").asText()));
    assertThat(get(conversation).get("routing").asText()).contains("lacks a required skill");
  }

  @Test
  void aClosedConversationIsReopenedAndRoutedAgainUnlessANewerOneIsOpen() {
    String tag = tag();
    agent("r-" + tag, tag, "available", 5);
    inbox(tag, "");
    String conversation = write(tag, "cust-" + tag, "m1", "hello");
    await().atMost(Duration.ofSeconds(20)).until(() -> "ASSIGNED".equals(get(conversation).path("status").asText()));
    postJson("/api/conversations/" + conversation + "/close", "{}");
    assertThat(get(conversation).get("status").asText()).isEqualTo("CLOSED");

    assertThat(postJson("/api/conversations/" + conversation + "/reopen", "{}").getStatusCode()).isEqualTo(HttpStatus.OK);
    await().atMost(Duration.ofSeconds(20)).until(() -> ("r-" + tag).equals(get(conversation).path("assignee_id").asText()));
    consumeUntil(Topics.EVENTS, r -> conversation.equals(r.key()) && r.value().contains("\"conversation.reopened\""));

    // closed again, and the customer starts a new conversation: the old one can no longer be reopened
    postJson("/api/conversations/" + conversation + "/close", "{}");
    String newer = write(tag, "cust-" + tag, "m2", "new question");
    assertThat(newer).isNotEqualTo(conversation);
    ResponseEntity<JsonNode> refused = postJson("/api/conversations/" + conversation + "/reopen", "{}");
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody().get("detail").asText()).contains("newer open conversation");
  }

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private void agent(String id, String tag, String status, int capacity) {
    assertThat(putJson("/api/agents/" + id, "{\"status\":\"" + status + "\",\"capacity\":" + capacity + ",\"teams\":[\"t-" + tag + "\"]}").getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  private void inbox(String tag, String extra) {
    String more = extra.isEmpty() ? "" : "," + extra;
    assertThat(putJson("/api/inboxes/in-" + tag, "{\"name\":\"Inbox " + tag + "\",\"routing\":{\"mode\":\"SPECIFIC\",\"teamIds\":[\"t-" + tag + "\"]}" + more + "}").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(putJson("/api/channels/ch-" + tag, "{\"inboxId\":\"in-" + tag + "\",\"type\":\"CHAT\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  /** A customer's chat message; returns its conversation. */
  private String write(String tag, String visitor, String messageId, String body) {
    ResponseEntity<JsonNode> received = postJson("/api/channels/ch-" + tag + "/messages",
        "{\"messageId\":\"" + messageId + "\",\"from\":{\"visitorId\":\"" + visitor + "\"},\"body\":\"" + body + "\"}");
    assertThat(received.getStatusCode().is2xxSuccessful()).as(received.toString()).isTrue();
    return received.getBody().get("conversationId").asText();
  }

  private JsonNode get(String conversation) {
    return rest.getForObject("/api/conversations/" + conversation, JsonNode.class);
  }

}
