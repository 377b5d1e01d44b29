package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analysts' survey lifecycle and follow-up processes, path by path, on an engine of their
 * own with the clock driven by the test: each bucket, the delay, the skip at send time, the
 * reminder and the expiry. Each test asserts the elements taken and the ones not taken.
 */
class SurveyLifecycleProcessTest {

  /** One engine per test: moving its clock fires every timer in it, so tests must not share one. */
  private ProcessTestKit engine;

  @BeforeEach
  void engine() {
    engine = new ProcessTestKit();
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private static Map<String, Object> delivery(String id, String delay) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("deliveryId", id);
    variables.put("delay", delay);
    variables.put("reminderAfter", "P3D");
    variables.put("expireAfterReminder", "P4D");
    return variables;
  }

  private long sendNow(String deliveryId) {
    long key = engine.start("survey-lifecycle", delivery(deliveryId, "PT0S"));
    engine.complete("evaluate-recipient", Map.of("eligible", true));
    engine.complete("send-survey", Map.of());
    return key;
  }

  @Test
  void aHappyAnswerWithoutDelayIsThankedFor() {
    long key = sendNow("d-happy");
    engine.publish("survey-response", "d-happy", Map.of("score", 5));
    engine.complete("classify-response", Map.of("bucket", "HAPPY", "followUpProcessId", "follow-up-happy"));
    engine.complete("notify-team", Map.of());
    engine.complete("send-thank-you", Map.of());

    assertThat(engine.ended(key)).isTrue();
    assertThat(engine.completed(key))
        .containsSubsequence("Task_EvaluateRecipient", "Gateway_HasDelay", "Gateway_ReadyToSend", "Task_SendSurvey", "Message_SurveyResponse", "Task_ClassifyResponse", "Task_NotifyTeam", "Call_FollowUpHappy", "End_Happy");
    assertThat(engine.activated(key)).doesNotContain("Timer_SendDelay", "Task_RecheckRecipient", "Timer_Reminder", "Call_FollowUpUnhappy", "Call_FollowUpNeutral", "End_Expired");
    long child = engine.child(key).orElseThrow();
    assertThat(engine.completed(child)).contains("Task_SendThankYou", "End_ThankedYou");
  }

  @Test
  void anUnhappyAnswerOpensATicketThatEscalatesWhenNotClosed() {
    long key = sendNow("d-unhappy");
    engine.publish("survey-response", "d-unhappy", Map.of("score", 1));
    engine.complete("classify-response", Map.of("bucket", "UNHAPPY", "followUpProcessId", "follow-up-unhappy"));
    engine.complete("notify-team", Map.of());
    var ticketJob = engine.complete("create-ticket", Map.of("ticketId", "t-1"));
    assertThat(ticketJob.getCustomHeaders()).containsEntry("priority", "HIGH");
    long child = engine.child(key).orElseThrow();

    assertThat(engine.hasJob("escalate-ticket")).isFalse();
    engine.advance(Duration.ofDays(1));
    engine.complete("escalate-ticket", Map.of());

    assertThat(engine.completed(child)).containsSubsequence("Task_CreateTicket", "Timer_Escalation", "Task_EscalateTicket", "End_Escalated");
    assertThat(engine.activated(child)).doesNotContain("End_TicketClosed");
    assertThat(engine.completed(key)).contains("Call_FollowUpUnhappy", "End_Unhappy").doesNotContain("End_Happy", "End_Neutral");
  }

  @Test
  void aTicketClosedInTimeIsNotEscalated() {
    long key = sendNow("d-unhappy-closed");
    engine.publish("survey-response", "d-unhappy-closed", Map.of("score", 2));
    engine.complete("classify-response", Map.of("bucket", "UNHAPPY", "followUpProcessId", "follow-up-unhappy"));
    engine.complete("notify-team", Map.of());
    engine.complete("create-ticket", Map.of("ticketId", "t-2"));
    engine.publish("ticket-closed", "t-2", Map.of());

    long child = engine.child(key).orElseThrow();
    assertThat(engine.completed(child)).contains("Message_TicketClosed", "End_TicketClosed");
    assertThat(engine.activated(child)).doesNotContain("Task_EscalateTicket");
    assertThat(engine.ended(key)).isTrue();
  }

  @Test
  void aNeutralAnswerHasNoFollowUpByDefault() {
    long key = sendNow("d-neutral");
    engine.publish("survey-response", "d-neutral", Map.of("score", 3));
    engine.complete("classify-response", Map.of("bucket", "NEUTRAL", "followUpProcessId", "follow-up-neutral"));
    engine.complete("notify-team", Map.of());

    assertThat(engine.ended(key)).isTrue();
    assertThat(engine.completed(key)).contains("Call_FollowUpNeutral", "End_Neutral").doesNotContain("End_Happy", "End_Unhappy");
    assertThat(engine.completed(engine.child(key).orElseThrow())).contains("End_NoFollowUp");
  }

  @Test
  void theDelayHoldsTheSendUntilItIsOverAndTheRecipientIsCheckedAgain() {
    long key = engine.start("survey-lifecycle", delivery("d-delay", "P2D"));
    engine.complete("evaluate-recipient", Map.of("eligible", true));

    assertThat(engine.hasJob("recheck-recipient")).isFalse();
    engine.advance(Duration.ofDays(1));
    assertThat(engine.hasJob("recheck-recipient")).isFalse();
    engine.advance(Duration.ofDays(1));
    engine.complete("recheck-recipient", Map.of("eligible", true));
    engine.complete("send-survey", Map.of());

    assertThat(engine.completed(key)).containsSubsequence("Task_EvaluateRecipient", "Timer_SendDelay", "Task_RecheckRecipient", "Gateway_ReadyToSend", "Task_SendSurvey");
    assertThat(engine.activated(key)).contains("Gateway_AwaitAnswer").doesNotContain("End_Skipped");
  }

  @Test
  void aContactNoLongerEligibleAtSendTimeIsSkipped() {
    long key = engine.start("survey-lifecycle", delivery("d-skip", "P1D"));
    engine.complete("evaluate-recipient", Map.of("eligible", true));
    engine.advance(Duration.ofDays(1));
    engine.complete("recheck-recipient", Map.of("eligible", false, "skipReason", "unsubscribed"));

    assertThat(engine.ended(key)).isTrue();
    assertThat(engine.completed(key)).contains("Timer_SendDelay", "Task_RecheckRecipient", "End_Skipped");
    assertThat(engine.activated(key)).doesNotContain("Task_SendSurvey");
  }

  @Test
  void aContactNotEligibleAtTheStartEndsAtOnce() {
    long key = engine.start("survey-lifecycle", delivery("d-not", "P2D"));
    engine.complete("evaluate-recipient", Map.of("eligible", false));

    assertThat(engine.ended(key)).isTrue();
    assertThat(engine.completed(key)).contains("End_NotEligible");
    assertThat(engine.activated(key)).doesNotContain("Timer_SendDelay", "Task_SendSurvey");
  }

  @Test
  void noAnswerGetsOneReminderThenExpires() {
    long key = sendNow("d-expire");
    assertThat(engine.hasJob("send-reminder")).isFalse();
    engine.advance(Duration.ofDays(3));
    engine.complete("send-reminder", Map.of());
    assertThat(engine.hasJob("expire-delivery")).isFalse();
    engine.advance(Duration.ofDays(4));
    engine.complete("expire-delivery", Map.of());

    assertThat(engine.ended(key)).isTrue();
    assertThat(engine.completed(key)).containsSubsequence("Timer_Reminder", "Task_SendReminder", "Timer_ResponseWindow", "Task_ExpireDelivery", "End_Expired");
    assertThat(engine.activated(key)).doesNotContain("Task_ClassifyResponse", "Message_SurveyResponse", "Message_SurveyResponseAfterReminder");
  }

  @Test
  void anAnswerAfterTheReminderIsStillTaken() {
    long key = sendNow("d-late");
    engine.advance(Duration.ofDays(3));
    engine.complete("send-reminder", Map.of());
    engine.publish("survey-response", "d-late", Map.of("score", 4));
    engine.complete("classify-response", Map.of("bucket", "HAPPY", "followUpProcessId", "follow-up-happy"));
    engine.complete("notify-team", Map.of());
    engine.complete("send-thank-you", Map.of());

    assertThat(engine.completed(key)).containsSubsequence("Task_SendReminder", "Message_SurveyResponseAfterReminder", "Gateway_Answered", "Task_ClassifyResponse", "End_Happy");
    assertThat(engine.activated(key)).doesNotContain("Timer_ResponseWindow", "End_Expired");
  }
}
