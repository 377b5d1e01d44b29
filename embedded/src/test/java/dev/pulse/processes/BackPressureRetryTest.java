package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Pulse's own starts and publishes ride out a full engine (nothing was done, so trying again
 * doubles nothing); a service's own request gets the refusal at once; other errors are not retried.
 */
class BackPressureRetryTest {

  private static ClientStatusException refused(Status status) {
    return new ClientStatusException(status, null);
  }

  @Test
  void refusalsForBackPressureAreTriedAgainUntilTheEngineTakesTheCommand() {
    AtomicInteger calls = new AtomicInteger();
    long key = ProcessService.underBackPressure(() -> {
      if (calls.incrementAndGet() <= 3) {
        throw refused(Status.RESOURCE_EXHAUSTED);
      }
      return 42L;
    }, Duration.ofSeconds(10));
    assertThat(key).isEqualTo(42L);
    assertThat(calls).hasValue(4);
  }

  @Test
  void withoutABudgetTheRefusalIsTheAnswerAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> ProcessService.underBackPressure(() -> {
      calls.incrementAndGet();
      throw refused(Status.RESOURCE_EXHAUSTED);
    }, Duration.ZERO)).isInstanceOf(ClientStatusException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void otherErrorsAreNotRetriedAndABudgetRunsOut() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> ProcessService.underBackPressure(() -> {
      calls.incrementAndGet();
      throw refused(Status.NOT_FOUND);
    }, Duration.ofSeconds(10))).isInstanceOf(ClientStatusException.class);
    assertThat(calls).hasValue(1);

    long began = System.nanoTime();
    assertThatThrownBy(() -> ProcessService.underBackPressure(() -> {
      throw refused(Status.RESOURCE_EXHAUSTED);
    }, Duration.ofMillis(500))).isInstanceOf(ClientStatusException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
  }
}
