package dev.pulse.processes.embedded;

import dev.pulse.processes.ProcessTestEngine;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.TimerIntent;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.TimerRecordValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.springframework.stereotype.Component;

/**
 * Process scenarios' engines in this build: the in-memory test engine (zeebe-process-test), one
 * per case, on a free loopback port, gone when the case ends. Nothing of it touches the engine
 * that serves. One runs at a time in the JVM: the test engine's response writer keeps what it is
 * answering in static fields, so two at once (a deployment gate while an analyst runs a process's
 * scenarios) could answer each other's clients; a second run waits for the first case to end.
 */
@Component
public class InMemoryTestEngines implements ProcessTestEngine.Provider {

  private static final java.util.concurrent.Semaphore ONE_AT_A_TIME = new java.util.concurrent.Semaphore(1, true);

  @Override
  public ProcessTestEngine start() {
    try {
      if (!ONE_AT_A_TIME.tryAcquire(2, java.util.concurrent.TimeUnit.MINUTES)) {
        throw new IllegalStateException("Another process scenario run has held the test engine for two minutes; try again when it is done");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the test engine", e);
    }
    ZeebeTestEngine engine;
    try {
      engine = EngineFactory.create(freePort());
      InMemoryLogRace.guard(engine);
      engine.start();
    } catch (RuntimeException e) {
      ONE_AT_A_TIME.release();
      throw e;
    }
    CamundaClient client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://" + engine.getGatewayAddress()))
        .restAddress(URI.create("http://" + engine.getGatewayAddress()))
        .preferRestOverGrpc(false)
        .build();
    return new Engine(engine, client, new AtomicLong());
  }

  /** {@code moved}: how far the scenario moved the engine's clock (the engine does not tell). */
  private record Engine(ZeebeTestEngine engine, CamundaClient client, AtomicLong moved) implements ProcessTestEngine {

    @Override
    public void increaseTime(Duration duration) {
      engine.increaseTime(duration);
      moved.addAndGet(duration.toMillis());
      // The engine's due-date checker runs on its own schedule after the clock moves: "idle" can
      // come before a now-due timer triggers (seen on a loaded machine). Wait until every timer
      // due by the new time has triggered or been cancelled, bounded.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      waitForIdle();
      while (dueTimers() > 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        waitForIdle();
      }
    }

    /** Timers created and due by the engine's clock that have neither triggered nor been cancelled. */
    private long dueTimers() {
      long now = System.currentTimeMillis() + moved.get();
      Map<Long, Long> open = new HashMap<>();
      for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
        if (r.getRecordType() != RecordType.EVENT || r.getValueType() != ValueType.TIMER) {
          continue;
        }
        if (r.getIntent() == TimerIntent.CREATED) {
          open.put(r.getKey(), ((TimerRecordValue) r.getValue()).getDueDate());
        } else if (r.getIntent() == TimerIntent.TRIGGERED || r.getIntent() == TimerIntent.CANCELED) {
          open.remove(r.getKey());
        }
      }
      return open.values().stream().filter(due -> due <= now).count();
    }

    @Override
    public void waitForIdle() {
      try {
        engine.waitForIdleState(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the scenario's engine worked", e);
      } catch (TimeoutException e) {
        throw new IllegalStateException("the scenario's engine did not come to rest within 30 s", e);
      }
    }

    private List<Record<?>> events(ValueType type) {
      List<Record<?>> out = new ArrayList<>();
      for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
        if (r.getRecordType() == RecordType.EVENT && r.getValueType() == type) {
          out.add(r);
        }
      }
      return out;
    }

    @Override
    public List<Element> elements() {
      return events(ValueType.PROCESS_INSTANCE).stream().map(r -> {
        ProcessInstanceRecordValue v = (ProcessInstanceRecordValue) r.getValue();
        return new Element(r.getKey(), v.getProcessInstanceKey(), v.getParentProcessInstanceKey(), v.getBpmnProcessId(), v.getElementId(),
            v.getBpmnElementType().name(), r.getIntent().name());
      }).toList();
    }

    @Override
    public List<Job> jobs() {
      return events(ValueType.JOB).stream().map(r -> {
        JobRecordValue v = (JobRecordValue) r.getValue();
        return new Job(r.getKey(), v.getProcessInstanceKey(), v.getType(), v.getElementId(), r.getIntent().name(), v.getRetries());
      }).toList();
    }

    @Override
    public List<Incident> incidents() {
      return events(ValueType.INCIDENT).stream().filter(r -> r.getIntent() == IncidentIntent.CREATED).map(r -> {
        IncidentRecordValue v = (IncidentRecordValue) r.getValue();
        return new Incident(v.getProcessInstanceKey(), v.getElementId(), v.getErrorMessage());
      }).toList();
    }

    @Override
    public void close() {
      try {
        client.close();
        engine.stop();
      } finally {
        ONE_AT_A_TIME.release();
      }
    }
  }

  /** A loopback port free now (the test engine wants one up front). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
