package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analysts' conversation process, path by path, on an engine of its own with the clock driven
 * by the test: assigned at once; queued, then assigned when an agent is available; re-routed when
 * the assignee stays silent; the first-response SLA; tickets; the chat survey on close.
 */
class ConversationProcessTest {

  private ProcessTestKit engine;

  @BeforeEach
  void engine() {
    engine = new ProcessTestKit();
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private long start(String id, String chatSurveyId) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("conversationId", id);
    variables.put("chatSurveyId", chatSurveyId);
    return engine.start("conversation", variables);
  }

  private static Map<String, Object> assigned(Duration firstResponseIn, boolean createTicket) {
    return Map.of("assigned", true, "assigneeId", "ada", "firstResponseDue", Instant.now().plus(firstResponseIn).toString(), "createTicket", createTicket);
  }

  @Test
  void assignedAtOnceThenClosed() {
    long key = start("c1", null);
    engine.complete("route-conversation", assigned(Duration.ofDays(2), false));
    assertThat(engine.activated(key)).contains("Task_AwaitClose").doesNotContain("Gateway_AwaitAgent", "Task_CreateTicket");

    engine.publish("conversation-closed", "c1", Map.of());
    assertThat(engine.ended(key)).isTrue();
    assertThat(engine.completed(key)).containsSubsequence("Task_RouteConversation", "Gateway_Routed", "Task_AwaitClose", "Gateway_ChatSurvey", "End_Closed");
    assertThat(engine.activated(key)).doesNotContain("Task_SendChatSurvey", "Task_CheckFirstResponse");
  }

  @Test
  void queuedThenAssignedWhenAnAgentIsAvailable() {
    long key = start("c2", null);
    engine.complete("route-conversation", Map.of("assigned", false));
    assertThat(engine.activated(key)).contains("Gateway_AwaitAgent").doesNotContain("Task_AwaitClose");
    assertThat(engine.hasJob("route-conversation")).isFalse();

    engine.publish("agent-available", "c2", Map.of());
    engine.complete("route-conversation", assigned(Duration.ofDays(2), false));

    assertThat(engine.completed(key)).containsSubsequence("Gateway_AwaitAgent", "Message_AgentAvailable", "Task_RouteConversation");
    assertThat(engine.activated(key)).contains("Task_AwaitClose").doesNotContain("Timer_QueueRetry", "End_ClosedUnassigned");
  }

  @Test
  void aQueuedConversationIsRoutedAgainOnTheRetryTimer() {
    long key = start("c3", null);
    engine.complete("route-conversation", Map.of("assigned", false));
    engine.advance(Duration.ofMinutes(1));
    engine.complete("route-conversation", Map.of("assigned", false));
    assertThat(engine.completed(key)).contains("Timer_QueueRetry");
    assertThat(engine.activated(key).stream().filter("Task_RouteConversation"::equals)).hasSize(2);
  }

  @Test
  void aConversationClosedWhileQueuedEndsUnassigned() {
    long key = start("c4", "survey-1");
    engine.complete("route-conversation", Map.of("assigned", false));
    engine.publish("conversation-closed", "c4", Map.of());
    assertThat(engine.ended(key)).isTrue();
    assertThat(engine.completed(key)).contains("Message_ClosedInQueue", "End_ClosedUnassigned");
    assertThat(engine.activated(key)).doesNotContain("Task_SendChatSurvey");
  }

  @Test
  void aSilentAssigneeIsReroutedAfterTheInactivityTime() {
    long key = start("c5", null);
    engine.complete("route-conversation", assigned(Duration.ofDays(5), false));
    engine.advance(Duration.ofDays(1));
    engine.complete("route-conversation", assigned(Duration.ofDays(5), false));

    assertThat(engine.completed(key)).containsSubsequence("Task_RouteConversation", "Timer_Inactivity", "Task_RouteConversation");
    assertThat(engine.activated(key).stream().filter("Task_AwaitClose"::equals)).hasSize(2);
    assertThat(engine.ended(key)).isFalse();
  }

  @Test
  void noFirstResponseInTimeIsCheckedWithoutEndingTheConversation() {
    long key = start("c6", null);
    engine.complete("route-conversation", assigned(Duration.ofHours(1), false));
    assertThat(engine.hasJob("check-first-response")).isFalse();
    engine.advance(Duration.ofHours(1).plusSeconds(1));
    engine.complete("check-first-response", Map.of());

    assertThat(engine.completed(key)).contains("Timer_FirstResponseSla", "Task_CheckFirstResponse", "End_SlaChecked");
    assertThat(engine.ended(key)).as("the SLA timer does not interrupt").isFalse();
    engine.publish("conversation-closed", "c6", Map.of());
    assertThat(engine.completed(key)).contains("End_Closed");
  }

  @Test
  void aChannelThatAsksForTicketsGetsOne() {
    long key = start("c7", null);
    engine.complete("route-conversation", assigned(Duration.ofDays(2), true));
    engine.complete("create-ticket", Map.of("ticketId", "t-7"));
    assertThat(engine.completed(key)).containsSubsequence("Gateway_Ticket", "Task_CreateTicket", "Gateway_TicketDone");
    assertThat(engine.activated(key)).contains("Task_AwaitClose");
  }

  @Test
  void closingSendsTheLinkedChatSurvey() {
    long key = start("c8", "survey-1");
    engine.complete("route-conversation", assigned(Duration.ofDays(2), false));
    engine.publish("conversation-closed", "c8", Map.of());
    engine.complete("send-chat-survey", Map.of("chatSurvey", "sent"));
    assertThat(engine.completed(key)).containsSubsequence("Task_AwaitClose", "Gateway_ChatSurvey", "Task_SendChatSurvey", "End_ClosedSurveyed");
    assertThat(engine.activated(key)).doesNotContain("End_Closed");
  }

  @Test
  void anAssigneeWhoGoesAwayHandsTheConversationBackToRouting() {
    long key = start("c9", null);
    engine.complete("route-conversation", assigned(Duration.ofDays(2), false));
    engine.publish("assignee-away", "c9", Map.of("awayAgentId", "ada"));
    engine.complete("route-conversation", assigned(Duration.ofDays(2), false));

    assertThat(engine.completed(key)).containsSubsequence("Task_RouteConversation", "Message_AssigneeAway", "Task_RouteConversation");
    assertThat(engine.activated(key).stream().filter("Task_AwaitClose"::equals)).hasSize(2);
    assertThat(engine.activated(key)).doesNotContain("Timer_Inactivity");
  }

  @Test
  void eachCustomerMessageStartsANextResponseTimerWithoutInterrupting() {
    long key = start("c10", null);
    engine.complete("route-conversation", assigned(Duration.ofDays(5), false));
    engine.publish("customer-wrote", "c10", Map.of("customerMessageAt", Instant.now().toString(), "nextResponseDue", Instant.now().plus(Duration.ofHours(4)).toString()));
    assertThat(engine.hasJob("check-next-response")).isFalse();
    engine.advance(Duration.ofHours(4).plusSeconds(1));
    engine.complete("check-next-response", Map.of());

    assertThat(engine.completed(key)).containsSubsequence("Message_CustomerWrote", "Timer_NextResponse", "Task_CheckNextResponse", "End_NextResponseChecked");
    assertThat(engine.ended(key)).isFalse();
    assertThat(engine.activated(key).stream().filter("Task_AwaitClose"::equals)).as("still the first wait").hasSize(1);
  }
}
