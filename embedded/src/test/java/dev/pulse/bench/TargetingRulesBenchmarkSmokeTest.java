package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.TestStack;
import org.junit.jupiter.api.Test;

/** Keeps the targeting benchmark runnable and meaningful (chatflows and web surveys get chosen); not timed. */
class TargetingRulesBenchmarkSmokeTest {

  @Test
  void theBenchmarkChoosesChatflowsAndWebSurveys() throws Exception {
    TargetingRulesBenchmark.Result r = TargetingRulesBenchmark.run(TestStack.repoDir().resolve("rules/targeting"), 40, 10, 60);
    assertThat(r.decisions()).isEqualTo(60);
    assertThat(r.withChatflow()).isPositive();
    assertThat(r.withWebSurvey()).isPositive();
    assertThat(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros());
    assertThat(r.agreed()).as("the rules and the hand-written baseline choose the same").isEqualTo(r.decisions());
  }
}
