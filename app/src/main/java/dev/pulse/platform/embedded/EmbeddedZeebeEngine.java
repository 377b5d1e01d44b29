package dev.pulse.platform.embedded;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.time.Duration;

/**
 * The real Zeebe workflow engine, in-process, with its gRPC gateway on loopback (see {@link
 * LoopbackGrpcServerProvider}). It keeps its log in memory: running instances do not survive a
 * restart, which is why PostgreSQL holds the business state.
 */
public final class EmbeddedZeebeEngine implements AutoCloseable {

  private final ZeebeTestEngine engine;
  private final String host;
  private final int port;

  private EmbeddedZeebeEngine(ZeebeTestEngine engine, String host, int port) {
    this.engine = engine;
    this.host = host;
    this.port = port;
  }

  static EmbeddedZeebeEngine start(String host, int port) {
    Ports.requireFree(host, port, "Zeebe gateway", "pulse.runtime.embedded.zeebe.port");
    ZeebeTestEngine engine = EngineFactory.create(port);
    InMemoryLogRace.guard(engine);
    engine.start();
    return new EmbeddedZeebeEngine(engine, host, port);
  }

  /** The gateway address in the form the Camunda client wants ({@code http://host:port}). */
  String grpcAddress() {
    return "http://" + host + ":" + port;
  }

  /** Moves the engine's clock forward: lets tests fire timers without waiting. */
  public void increaseTime(Duration duration) {
    engine.increaseTime(duration);
  }

  public ZeebeTestEngine engine() {
    return engine;
  }

  @Override
  public void close() {
    engine.stop();
  }
}
