package dev.pulse.platform.embedded;

import dev.pulse.platform.embedded.engine.ZeebeEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The embedded engine's own figures on {@code /actuator/prometheus}: how much log it holds (flat
 * when idle), what it dropped, the workers waiting on long polls, and the commands refused for
 * back-pressure.
 */
@Component
class EmbeddedEngineMetrics {

  EmbeddedEngineMetrics(ObjectProvider<EmbeddedStack> stacks, MeterRegistry meters) {
    EmbeddedStack stack = stacks.getIfAvailable();
    if (stack == null || stack.zeebe() == null) {
      return;
    }
    EmbeddedZeebeEngine engine = stack.zeebe();
    gauge(meters, engine, "pulse.engine.log.bytes", "Bytes of records the embedded engine's log holds", s -> s.logBytes());
    gauge(meters, engine, "pulse.engine.log.blocks", "Blocks the embedded engine's log holds", s -> s.logBlocks());
    gauge(meters, engine, "pulse.engine.activations.parked", "Job activation requests waiting for jobs (long polling)", s -> s.parkedActivations());
    gauge(meters, engine, "pulse.engine.position.processed", "The last log position the engine processed", s -> s.processedPosition());
    FunctionCounter.builder("pulse.engine.log.truncated.blocks", engine, e -> e.stats().truncatedBlocks())
        .description("Blocks dropped from the log once processed and projected").register(meters);
    FunctionCounter.builder("pulse.engine.commands.refused", engine, e -> e.stats().refusedCommands())
        .description("Client commands refused for back-pressure (RESOURCE_EXHAUSTED)").register(meters);
    FunctionCounter.builder("pulse.engine.activations", engine, e -> e.stats().activationAttempts())
        .description("Job activation commands written, empty ones included").register(meters);
  }

  private static void gauge(MeterRegistry meters, EmbeddedZeebeEngine engine, String name, String description, ToDoubleFunction<ZeebeEngine.Stats> value) {
    Gauge.builder(name, engine, e -> value.applyAsDouble(e.stats())).description(description).register(meters);
  }
}
