package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.TestStack;
import org.junit.jupiter.api.Test;

/** Keeps the assignment benchmark runnable and meaningful (decisions are made); not timed. */
class AssignmentRulesBenchmarkSmokeTest {

  @Test
  void theBenchmarkMakesAssignmentDecisions() throws Exception {
    AssignmentRulesBenchmark.Result r = AssignmentRulesBenchmark.run(TestStack.repoDir().resolve("rules/assignment"), 50, 500, 40);
    assertThat(r.decisions()).isEqualTo(40);
    assertThat(r.assigned()).isPositive();
    assertThat(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros());
  }
}
