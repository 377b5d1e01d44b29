package dev.pulse.processes;

import static org.awaitility.Awaitility.await;

import dev.pulse.processes.embedded.InMemoryLogRace;
import dev.pulse.testing.TestStack;
import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A Zeebe engine of the test's own, with the analysts' processes from {@code processes/}
 * deployed, for process tests that drive jobs, messages and the clock by hand and assert the
 * elements an instance took and did not take. No Spring, no workers: the test plays the workers.
 */
public final class ProcessTestKit implements AutoCloseable {

  private final ZeebeTestEngine engine;
  private final ZeebeClient client;

  public ProcessTestKit() {
    engine = EngineFactory.create(dev.pulse.processes.embedded.InMemoryTestEngines.freePort());
    InMemoryLogRace.guard(engine);
    engine.start();
    client = engine.createClient();
    try (Stream<Path> files = Files.list(TestStack.repoDir().resolve("processes"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList()) {
        // a fresh engine on a loaded machine can take more than the default 10 s for its first commands
        client.newDeployResourceCommand().addResourceFile(file.toString()).requestTimeout(Duration.ofSeconds(60)).send().join();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public long start(String processId, Map<String, Object> variables) {
    return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables).requestTimeout(Duration.ofSeconds(60))
        .send().join().getProcessInstanceKey();
  }

  /** Waits for a job of this type, completes it with these variables, and returns it. */
  public ActivatedJob complete(String jobType, Map<String, Object> variables) {
    idle(); // the command that creates the job is processed before the first activation is asked for
    // generous: on a loaded 2-core machine a fresh engine has been seen to take over 10 s for its first job
    ActivatedJob job = await("a " + jobType + " job").atMost(Duration.ofSeconds(30)).until(() -> activate(jobType), Optional::isPresent).get();
    client.newCompleteCommand(job.getKey()).variables(variables).send().join();
    idle();
    return job;
  }

  /** True when a job of this type can be activated now (it is then given back by failing it with its retries kept). */
  public boolean hasJob(String jobType) {
    idle();
    Optional<ActivatedJob> job = activate(jobType);
    job.ifPresent(j -> client.newFailCommand(j.getKey()).retries(j.getRetries()).retryBackoff(Duration.ZERO).send().join());
    idle();
    return job.isPresent();
  }

  private Optional<ActivatedJob> activate(String jobType) {
    List<ActivatedJob> jobs =
        client.newActivateJobsCommand().jobType(jobType).maxJobsToActivate(1).timeout(Duration.ofMinutes(5)).requestTimeout(Duration.ofMillis(200)).send().join().getJobs();
    return jobs.stream().findFirst();
  }

  public void publish(String message, String correlationKey, Map<String, Object> variables) {
    client.newPublishMessageCommand().messageName(message).correlationKey(correlationKey).variables(variables).send().join();
    idle();
  }

  /** Moves the engine's clock; due timers fire. */
  public void advance(Duration duration) {
    engine.increaseTime(duration);
    idle();
  }

  /**
   * Waits until the engine has nothing left to do. The kit plays the execution listeners'
   * workers (bookkeeping, not steps a test drives): their jobs are completed on the way.
   */
  public void idle() {
    try {
      engine.waitForIdleState(Duration.ofSeconds(10));
      for (String listener : LISTENER_JOB_TYPES) {
        while (true) {
          List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(listener).maxJobsToActivate(10)
              .requestTimeout(Duration.ofMillis(100)).send().join().getJobs();
          if (jobs.isEmpty()) {
            break;
          }
          jobs.forEach(j -> client.newCompleteCommand(j.getKey()).send().join());
          engine.waitForIdleState(Duration.ofSeconds(10));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("the engine did not settle", e);
    }
  }

  /** Job types of execution listeners in processes/ (the test never needs to drive these). */
  private static final List<String> LISTENER_JOB_TYPES = List.of("complete-delivery");

  private Stream<ProcessInstanceRecordValue> elements(ProcessInstanceIntent intent) {
    Iterable<Record<?>> records = engine.getRecordStreamSource().getRecords();
    return StreamSupport.stream(records.spliterator(), false)
        .filter(r -> r.getValueType() == ValueType.PROCESS_INSTANCE && r.getIntent() == intent)
        .map(r -> (ProcessInstanceRecordValue) r.getValue());
  }

  /** Ids of the elements of this instance (not of its children) that completed, in order. */
  public List<String> completed(long instanceKey) {
    return elements(ProcessInstanceIntent.ELEMENT_COMPLETED).filter(v -> v.getProcessInstanceKey() == instanceKey).map(ProcessInstanceRecordValue::getElementId).toList();
  }

  /** Ids of the elements of this instance that were entered at all. */
  public List<String> activated(long instanceKey) {
    return elements(ProcessInstanceIntent.ELEMENT_ACTIVATED).filter(v -> v.getProcessInstanceKey() == instanceKey).map(ProcessInstanceRecordValue::getElementId).toList();
  }

  public boolean ended(long instanceKey) {
    return elements(ProcessInstanceIntent.ELEMENT_COMPLETED)
        .anyMatch(v -> v.getProcessInstanceKey() == instanceKey && v.getBpmnElementType() == BpmnElementType.PROCESS);
  }

  /** The instance a call activity of {@code parentKey} started, if any. */
  public Optional<Long> child(long parentKey) {
    return elements(ProcessInstanceIntent.ELEMENT_ACTIVATED)
        .filter(v -> v.getParentProcessInstanceKey() == parentKey && v.getBpmnElementType() == BpmnElementType.PROCESS)
        .map(ProcessInstanceRecordValue::getProcessInstanceKey)
        .findFirst();
  }

  @Override
  public void close() {
    client.close();
    engine.stop();
  }
}
