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
  private final java.util.concurrent.atomic.AtomicBoolean adopted = new java.util.concurrent.atomic.AtomicBoolean();
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

  /**
   * The records the engine has written, from index {@code from} on, as a copy. Safe while other
   * threads read the stream too: the engine's own view is a plain list that one reader appends to
   * while others iterate it (a ConcurrentModificationException), so this reads it by index up to
   * the size it had, stopping at an element not yet visible.
   */
  @SuppressWarnings("unchecked")
  public java.util.List<io.camunda.zeebe.protocol.record.Record<?>> records(int from) {
    Iterable<io.camunda.zeebe.protocol.record.Record<?>> source = engine.getRecordStreamSource().getRecords();
    java.util.List<io.camunda.zeebe.protocol.record.Record<?>> all = (java.util.List<io.camunda.zeebe.protocol.record.Record<?>>) source;
    int size = all.size();
    java.util.List<io.camunda.zeebe.protocol.record.Record<?>> out = new java.util.ArrayList<>(Math.max(0, size - from));
    for (int i = from; i < size; i++) {
      io.camunda.zeebe.protocol.record.Record<?> r = all.get(i);
      if (r == null) {
        break;
      }
      out.add(r);
    }
    return out;
  }

  /**
   * True for the first caller only: the application context that adopts this engine, fresh and
   * empty, with keys that start over at the same numbers every start. Instance keys stored by an
   * earlier run name nothing here, or worse, something else started since.
   */
  public boolean adoptFresh() {
    return adopted.compareAndSet(false, true);
  }

  public ZeebeTestEngine engine() {
    return engine;
  }

  @Override
  public void close() {
    engine.stop();
  }
}
