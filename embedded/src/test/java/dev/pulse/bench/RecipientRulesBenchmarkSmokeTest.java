package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark honest and runnable: on a small data set Drools and the hand-written
 * predicate must decide the same eligible count (the harness throws otherwise). Not timed.
 */
class RecipientRulesBenchmarkSmokeTest {

  @Test
  void droolsAndTheJavaPredicateAgreeOnSmallData() throws Exception {
    RecipientRulesBenchmark.Result result =
        RecipientRulesBenchmark.run(
            TestStack.repoDir().resolve("rules/recipients"), 3_000, 1, 500, new PrintStream(new ByteArrayOutputStream()));
    assertThat(result.droolsEligible()).isEqualTo(result.javaEligible()).isPositive();
    assertThat(result.droolsEligible()).isLessThan(3_000L * result.audiences());
    assertThat(RecipientRulesBenchmark.report(result, 1, 500)).contains("Ratio Drools / Java");
  }
}
