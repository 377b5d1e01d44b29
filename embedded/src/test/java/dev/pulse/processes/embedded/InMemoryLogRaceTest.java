package dev.pulse.processes.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import org.junit.jupiter.api.Test;

/** The engine's in-memory log is found and swapped for a synchronized list before it starts. */
class InMemoryLogRaceTest {

  @Test
  void theEnginesLogIsGuarded() {
    ZeebeTestEngine engine = EngineFactory.create(InMemoryTestEngines.freePort());
    try {
      assertThat(InMemoryLogRace.guard(engine)).isTrue();
      engine.start();
    } finally {
      engine.stop();
    }
  }
}
