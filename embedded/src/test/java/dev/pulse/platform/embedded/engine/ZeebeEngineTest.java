package dev.pulse.platform.embedded.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivateJobsResponse;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.protocol.record.Record;
import io.grpc.Status;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine Pulse assembles, on its own: the log forgets what is processed and read (and only
 * that), an idle worker costs one command per request timeout instead of one per poll, a job
 * reaches a waiting worker at once, and a flood of commands over the limit is refused with
 * RESOURCE_EXHAUSTED instead of hanging.
 */
class ZeebeEngineTest {

  private ZeebeEngine engine;
  private CamundaClient client;

  private void start(int maxUnprocessed) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("engine-test");
    engine = ZeebeEngine.start(new ZeebeEngine.Settings("127.0.0.1", port, dir.resolve("state"), 32L << 20, maxUnprocessed, Duration.ofHours(1)));
    client = CamundaClient.newClientBuilder().grpcAddress(URI.create("http://127.0.0.1:" + port)).restAddress(URI.create("http://127.0.0.1:" + port))
        .preferRestOverGrpc(false).defaultRequestTimeout(Duration.ofSeconds(30)).build();
    client.newDeployResourceCommand()
        .addProcessModel(Bpmn.createExecutableProcess("one-task").startEvent().serviceTask("Task", t -> t.zeebeJobType("work")).endEvent().done(), "one-task.bpmn")
        .send().join();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void theLogDropsWhatIsProcessedAndReadButKeepsWhatACursorHasNotRead() throws Exception {
    start(1000);
    RecordCursor reader = engine.cursor("reader");
    try (JobWorker worker = client.newWorker().jobType("work").handler((c, j) -> c.newCompleteCommand(j).send().join()).streamEnabled(false).open()) {
      for (int i = 0; i < 50; i++) {
        client.newCreateInstanceCommand().bpmnProcessId("one-task").latestVersion().withResult().send().join();
      }
    }
    int blocks = engine.stats().logBlocks();
    assertThat(engine.truncate()).as("nothing read yet: nothing dropped").isZero();
    assertThat(engine.stats().logBlocks()).as("all kept, and maybe a late record more").isGreaterThanOrEqualTo(blocks);

    List<Record<?>> all = new ArrayList<>();
    for (List<Record<?>> batch = reader.next(100); !batch.isEmpty(); batch = reader.next(100)) {
      all.addAll(batch);
      reader.acknowledge(batch.get(batch.size() - 1).getPosition());
    }
    assertThat(all).as("every record, once, in order").isNotEmpty();
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).getPosition()).isGreaterThan(all.get(i - 1).getPosition());
    }
    assertThat(engine.truncate()).isPositive();
    assertThat(engine.stats().logBlocks()).as("only the tail the engine has not processed yet").isLessThan(blocks / 10 + 5);
    assertThat(engine.stats().truncatedBlocks()).isPositive();
    assertThat(reader.next(100)).as("the reader goes on after what it acknowledged").allMatch(r -> r.getPosition() > all.get(all.size() - 1).getPosition());
  }

  /**
   * A process scenario's throwaway test engine runs in the same JVM as the embedded one (the
   * deployment gate, {@code POST /api/processes/{id}/test}). Both answer create-with-result at
   * once, many times: each client gets its own instance's variables, and none waits forever. (The
   * test engine's response writer shared its key, intent and value between engines through static
   * fields; the embedded engine's is its own.)
   */
  @Test
  void anotherEngineInTheJvmNeverMixesItsAnswersWithTheEmbeddedEngines() throws Exception {
    start(1000);
    int otherPort;
    try (ServerSocket s = new ServerSocket(0)) {
      otherPort = s.getLocalPort();
    }
    io.camunda.zeebe.process.test.api.ZeebeTestEngine other = io.camunda.zeebe.process.test.engine.EngineFactory.create(otherPort);
    dev.pulse.processes.embedded.InMemoryLogRace.guard(other);
    other.start();
    CamundaClient otherClient = CamundaClient.newClientBuilder().grpcAddress(URI.create("http://127.0.0.1:" + otherPort))
        .restAddress(URI.create("http://127.0.0.1:" + otherPort)).preferRestOverGrpc(false).defaultRequestTimeout(Duration.ofSeconds(30)).build();
    try {
      otherClient.newDeployResourceCommand()
          .addProcessModel(Bpmn.createExecutableProcess("one-task").startEvent().serviceTask("Task", t -> t.zeebeJobType("work")).endEvent().done(), "one-task.bpmn")
          .send().join();
      List<CompletableFuture<String>> answers = new ArrayList<>();
      try (JobWorker mine = client.newWorker().jobType("work").handler((c, j) -> c.newCompleteCommand(j).variables(java.util.Map.of("by", "embedded")).send().join())
              .streamEnabled(false).maxJobsActive(32).open();
          JobWorker theirs = otherClient.newWorker().jobType("work").handler((c, j) -> c.newCompleteCommand(j).variables(java.util.Map.of("by", "other")).send().join())
              .streamEnabled(false).maxJobsActive(32).open()) {
        for (int i = 0; i < 150; i++) {
          for (CamundaClient c : List.of(client, otherClient)) {
            String expected = (c == client ? "embedded-" : "other-") + i;
            answers.add(c.newCreateInstanceCommand().bpmnProcessId("one-task").latestVersion().variables(java.util.Map.of("n", expected))
                .withResult().requestTimeout(Duration.ofSeconds(60)).send().toCompletableFuture()
                .thenApply(r -> r.getVariablesAsMap().get("n") + "/" + r.getVariablesAsMap().get("by") + " expected " + expected));
          }
        }
        List<String> wrong = new ArrayList<>();
        for (CompletableFuture<String> a : answers) {
          String got = a.get(90, TimeUnit.SECONDS);
          String[] parts = got.split(" expected ");
          String expected = parts[1] + "/" + parts[1].substring(0, parts[1].indexOf('-'));
          if (!parts[0].equals(expected)) {
            wrong.add(got);
          }
        }
        assertThat(wrong).as("answers that were another instance's").isEmpty();
      }
    } finally {
      otherClient.close();
      other.stop();
    }
  }

  @Test
  void anIdleWorkerWaitsOnOneRequestAndGetsANewJobAtOnce() throws Exception {
    start(1000);
    long before = engine.stats().activationAttempts();
    CompletableFuture<ActivateJobsResponse> waiting = client.newActivateJobsCommand().jobType("work").maxJobsToActivate(1)
        .requestTimeout(Duration.ofSeconds(20)).send().toCompletableFuture();
    Thread.sleep(1500);
    assertThat(waiting).as("parked, not answered empty").isNotDone();
    assertThat(engine.stats().parkedActivations()).isEqualTo(1);
    long started = System.nanoTime();
    ProcessInstanceEvent instance = client.newCreateInstanceCommand().bpmnProcessId("one-task").latestVersion().send().join();
    ActivateJobsResponse got = waiting.get(10, TimeUnit.SECONDS);
    assertThat(got.getJobs()).hasSize(1);
    assertThat(got.getJobs().get(0).getProcessInstanceKey()).isEqualTo(instance.getProcessInstanceKey());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("woken by the job, not by the 20 s timeout").isLessThan(Duration.ofSeconds(10));
    assertThat(engine.stats().activationAttempts() - before).as("one empty attempt, one that found the job").isEqualTo(2);

    // a worker polling every 100 ms, idle for 3 s: a handful of commands, not thirty
    long idleBefore = engine.stats().activationAttempts();
    try (JobWorker idle = client.newWorker().jobType("nothing-to-do").handler((c, j) -> {}).pollInterval(Duration.ofMillis(100)).streamEnabled(false).open()) {
      Thread.sleep(3000);
    }
    assertThat(engine.stats().activationAttempts() - idleBefore).isLessThanOrEqualTo(3);
  }

  @Test
  void commandsOverTheLimitAreRefusedWithResourceExhaustedAndNoneHangs() throws Exception {
    start(2);
    int count = 400;
    List<CompletableFuture<ProcessInstanceEvent>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(client.newCreateInstanceCommand().bpmnProcessId("one-task").latestVersion().send().toCompletableFuture());
    }
    AtomicInteger created = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    for (CompletableFuture<ProcessInstanceEvent> call : calls) {
      try {
        call.get(30, TimeUnit.SECONDS);
        created.incrementAndGet();
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
        Status.Code code = cause instanceof ClientStatusException c ? c.getStatusCode() : Status.fromThrowable(cause).getCode();
        assertThat(code).as(cause.toString()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        refused.incrementAndGet();
      }
    }
    assertThat(created.get() + refused.get()).as("every call answered").isEqualTo(count);
    assertThat(refused.get()).as("a limit of 2 unprocessed commands refuses some of 400 sent at once").isPositive();
    assertThat(created.get()).isPositive();
    assertThat(engine.stats().refusedCommands()).isEqualTo(refused.get());
    // and the engine takes commands again once it caught up
    assertThat(client.newCreateInstanceCommand().bpmnProcessId("one-task").latestVersion().send().join().getProcessInstanceKey()).isPositive();
  }
}
