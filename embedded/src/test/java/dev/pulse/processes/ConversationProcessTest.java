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
 * The conversation process's timers, on an engine of its own with the clock driven by the test:
 * re-routed when the assignee stays silent, each message's own checks, the first- and
 * next-response SLAs. These need times relative to now and variables' values; the paths an
 * analyst reads (routing, queueing, tickets, the chat survey) are scenarios in
 * {@code processes/tests/conversation.yaml}.
 */
class ConversationProcessTest {

  private static final String ROUTED_AT = "2026-12-03T10:00:00Z";
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
    return Map.of("assigned", true, "assigneeId", "ada", "firstResponseDue", Instant.now().plus(firstResponseIn).toString(), "createTicket", createTicket,
        "routedAt", ROUTED_AT);
  }

  /** The re-route time after routing asks whether the assignee is silent (without interrupting); only the answer "silent" re-routes. */
  @Test
  void theRerouteTimeAfterRoutingChecksSilenceAndOnlyASilentAssigneeIsRerouted() {
    long key = start("c5", null);
    engine.complete("route-conversation", assigned(Duration.ofDays(5), false));
    engine.advance(Duration.ofDays(1));
    var check = engine.complete("check-silence", Map.of("silenceCheck", "ada answered everything"));
    assertThat(check.getVariablesAsMap()).containsEntry("silenceSince", ROUTED_AT);
    assertThat(engine.completed(key)).containsSubsequence("Timer_Inactivity", "Task_CheckSilenceSinceRouted", "End_SilenceSinceRoutedChecked");
    assertThat(engine.activated(key).stream().filter("Task_AwaitClose"::equals)).as("answered: still the first wait").hasSize(1);

    engine.publish("assignee-silent", "c5", Map.of("silentAgentId", "ada"));
    engine.complete("route-conversation", assigned(Duration.ofDays(5), false));
    assertThat(engine.completed(key)).containsSubsequence("End_SilenceSinceRoutedChecked", "Message_AssigneeSilent", "Task_RouteConversation");
    assertThat(engine.activated(key).stream().filter("Task_AwaitClose"::equals)).hasSize(2);
    assertThat(engine.ended(key)).isFalse();
  }

  /**
   * Each customer message has its own clocks, in a scope of its own: a later message does not
   * move the earlier one's checks, and closing ends the checks still pending.
   */
  @Test
  void eachCustomerMessageKeepsItsOwnTimeForBothChecksAndClosingEndsThem() {
    Map<String, Object> variables = new HashMap<>();
    variables.put("conversationId", "c11");
    variables.put("rerouteAfter", "PT2H");
    long key = engine.start("conversation", variables);
    engine.complete("route-conversation", assigned(Duration.ofDays(5), false));
    Instant first = Instant.parse("2026-12-03T10:05:00Z");
    Instant second = Instant.parse("2026-12-03T10:35:00Z");
    // engine minutes from routing: m1 at 5 (next response due at 60), m2 at 35 (due at 180); re-route time 2 h
    engine.advance(Duration.ofMinutes(5));
    engine.publish("customer-wrote", "c11", Map.of("customerMessageAt", first.toString(), "nextResponseDue", Instant.now().plus(Duration.ofHours(1)).toString()));
    engine.advance(Duration.ofMinutes(30));
    engine.publish("customer-wrote", "c11", Map.of("customerMessageAt", second.toString(), "nextResponseDue", Instant.now().plus(Duration.ofHours(3)).toString()));

    engine.advance(Duration.ofMinutes(26)); // 61: m1's next-response time
    assertThat(engine.complete("check-next-response", Map.of()).getVariablesAsMap()).containsEntry("customerMessageAt", first.toString());
    engine.advance(Duration.ofMinutes(60)); // 121: two hours after routing
    assertThat(engine.complete("check-silence", Map.of()).getVariablesAsMap()).containsEntry("silenceSince", ROUTED_AT);
    engine.advance(Duration.ofMinutes(5)); // 126: two hours after m1
    assertThat(engine.complete("check-silence", Map.of()).getVariablesAsMap()).containsEntry("silenceSince", first.toString());
    engine.advance(Duration.ofMinutes(30)); // 156: two hours after m2
    assertThat(engine.complete("check-silence", Map.of()).getVariablesAsMap()).containsEntry("silenceSince", second.toString());
    assertThat(engine.completed(key)).contains("SubProcess_CustomerWaiting", "Timer_SilentSinceMessage", "Task_CheckSilenceSinceMessage");

    engine.publish("conversation-closed", "c11", Map.of()); // the second message's next-response check is still pending
    assertThat(engine.ended(key)).as("a closed conversation ends every pending check").isTrue();
    assertThat(engine.completed(key)).contains("End_Closed");
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
