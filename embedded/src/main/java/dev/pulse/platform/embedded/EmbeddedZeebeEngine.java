package dev.pulse.platform.embedded;

import dev.pulse.platform.embedded.engine.RecordCursor;
import dev.pulse.platform.embedded.engine.ZeebeEngine;
import io.camunda.zeebe.protocol.record.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded Zeebe engine (see {@link ZeebeEngine}), with its gRPC gateway on loopback (see
 * {@link LoopbackGrpcServerProvider}). It starts empty at every start: PostgreSQL holds the
 * business state, and reconciliation brings waiting deliveries and conversations back.
 */
public final class EmbeddedZeebeEngine implements AutoCloseable {

  /** The record reader of the monitoring projection. */
  public static final String MONITORING = "monitoring";

  private final ZeebeEngine engine;
  private final AtomicBoolean adopted = new AtomicBoolean();
  private final String host;
  private final int port;
  /** Every record, kept only when {@code record-history} is on (the test suite reads it). */
  private final List<Record<?>> history;

  private EmbeddedZeebeEngine(ZeebeEngine engine, String host, int port, boolean keepHistory) {
    this.engine = engine;
    this.host = host;
    this.port = port;
    this.history = keepHistory ? new ArrayList<>() : null;
    // opened before anything is written, so the log keeps every record until the projection has it
    engine.cursor(MONITORING);
    if (keepHistory) {
      engine.cursor("history");
    }
  }

  static EmbeddedZeebeEngine start(EmbeddedSettings s, int port) {
    Ports.requireFree(s.host(), port, "Zeebe gateway", "pulse.runtime.embedded.zeebe.port");
    Path stateDir = s.dataDir().resolve("zeebe").resolve("state-" + port);
    ZeebeEngine engine = ZeebeEngine.start(new ZeebeEngine.Settings(
        s.host(), port, stateDir, s.zeebeStateMemoryMb() * 1024L * 1024L, s.zeebeMaxUnprocessedCommands(), Duration.ofSeconds(1)));
    return new EmbeddedZeebeEngine(engine, s.host(), port, s.zeebeRecordHistory());
  }

  /** The gateway address in the form the Camunda client wants ({@code http://host:port}). */
  String grpcAddress() {
    return "http://" + host + ":" + port;
  }

  /** Moves the engine's clock forward: lets tests fire timers without waiting. */
  public void increaseTime(Duration duration) {
    engine.increaseTime(duration);
  }

  /** A reader of the engine's records that holds back the log's truncation until it acknowledges. */
  public RecordCursor cursor(String name) {
    return engine.cursor(name);
  }

  /**
   * Every record the engine has written, from index {@code from} on, as a copy; only with {@code
   * pulse.runtime.embedded.zeebe.record-history=true} (the test suite), since it keeps them all.
   */
  public List<Record<?>> records(int from) {
    if (history == null) {
      throw new IllegalStateException("The engine's record history is off (pulse.runtime.embedded.zeebe.record-history)");
    }
    synchronized (history) {
      RecordCursor cursor = engine.cursor("history");
      for (List<Record<?>> batch = cursor.next(10_000); !batch.isEmpty(); batch = cursor.next(10_000)) {
        history.addAll(batch);
        cursor.acknowledge(batch.get(batch.size() - 1).getPosition());
      }
      return from >= history.size() ? List.of() : new ArrayList<>(history.subList(from, history.size()));
    }
  }

  /** The engine's own figures: log size, truncation, polling, back-pressure. */
  public ZeebeEngine.Stats stats() {
    return engine.stats();
  }

  /**
   * True for the first caller only: the application context that adopts this engine, fresh and
   * empty, with keys that start over at the same numbers every start. Instance keys stored by an
   * earlier run name nothing here, or worse, something else started since.
   */
  public boolean adoptFresh() {
    return adopted.compareAndSet(false, true);
  }

  @Override
  public void close() {
    engine.close();
  }
}
