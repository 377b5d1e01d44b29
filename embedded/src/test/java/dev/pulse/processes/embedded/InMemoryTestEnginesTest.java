package dev.pulse.processes.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.processes.ProcessTestEngine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Process scenarios' test engines run one at a time in the JVM (their response writers share
 * static state): a second run asked for while one runs waits until the first ends, then runs.
 */
class InMemoryTestEnginesTest {

  @Test
  void aSecondEngineWaitsUntilTheFirstIsClosed() throws Exception {
    InMemoryTestEngines engines = new InMemoryTestEngines();
    ProcessTestEngine first = engines.start();
    CompletableFuture<ProcessTestEngine> second;
    try {
      second = CompletableFuture.supplyAsync(engines::start);
      Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
    } finally {
      first.close();
    }
    try (ProcessTestEngine next = second.get(60, TimeUnit.SECONDS)) {
      assertThat(next).isNotNull();
    }
    // and the one after that does not wait: every close gave its turn back
    try (ProcessTestEngine third = CompletableFuture.supplyAsync(engines::start).get(60, TimeUnit.SECONDS)) {
      assertThat(third).isNotNull();
    }
  }
}
