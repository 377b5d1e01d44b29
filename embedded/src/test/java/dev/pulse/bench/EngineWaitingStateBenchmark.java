package dev.pulse.bench;

import dev.pulse.testing.TestStack;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded engine under the waiting state Pulse's own workload creates: W survey lifecycles
 * parked at "waiting for the answer" (message catch plus response-window timer), then, in the same
 * run, how fast one-task instances and whole survey lifecycles (send, answer, classify, notify,
 * thank-you) still complete, their end-to-end latency, the heap per waiting instance and the log
 * records per completed instance. The same steps run against the engine Pulse embeds ({@code
 * pulse}) and, as the baseline, the test engine it replaced ({@code zpt}).
 *
 * <p>Mode {@code idle}: the engine with a worker per job type of processes/ and nothing to do;
 * heap after GC and log size sampled each minute.
 *
 * <pre>
 * ./mvnw -pl app test-compile exec:exec@engine-waiting-bench -Dbench.engine=pulse -Dbench.waiting=0,1000,10000,50000
 * ./mvnw -pl app test-compile exec:exec@engine-waiting-bench -Dbench.engine=zpt -Dbench.waiting=0,1000
 * ./mvnw -pl app test-compile exec:exec@engine-waiting-bench -Dbench.mode=idle -Dbench.idle-minutes=30
 * </pre>
 */
public final class EngineWaitingStateBenchmark {

  private static final String ONE_TASK = "bench-one-task";
  private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
  private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.measure-seconds", 20));
  private static final Duration PARK_TIMEOUT = Duration.ofSeconds(Long.getLong("bench.park-timeout-seconds", 900));

  public static void main(String[] args) throws Exception {
    String engine = System.getProperty("bench.engine", "pulse");
    String mode = System.getProperty("bench.mode", "waiting");
    List<Integer> waiting = Arrays.stream(System.getProperty("bench.waiting", "0,1000,10000,50000").split(",")).map(String::trim).map(Integer::valueOf).toList();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "engine %s, mode %s, JDK %s, %d cores, max heap %d MB, load average at start %.2f%n",
        engine, mode, Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    try (BenchEngine subject = BenchEngine.start(engine)) {
      deploy(subject.client());
      if (mode.equals("idle")) {
        idle(subject, out);
      } else {
        waiting(subject, waiting, out);
      }
    }
    out.append(String.format(Locale.ROOT, "load average at end %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    System.out.println(out);
    Path report = Path.of("target", "bench", "engine-" + mode + "-" + engine + ".txt");
    Files.createDirectories(report.getParent());
    Files.writeString(report, out.toString());
    System.exit(0);
  }

  // ---------------------------------------------------------------- waiting-state run

  private static void waiting(BenchEngine s, List<Integer> steps, StringBuilder out) throws Exception {
    Workers workers = new Workers(s.client());
    // warm-up, not reported: the JIT and the engine's caches, so that W = 0 is not measured cold
    Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 20));
    oneTask(s.client(), warmUp);
    workers.lifecycles(warmUp);
    long heapEmpty = BenchEngine.heapAfterGc();
    out.append(String.format(Locale.ROOT, "heap after GC, engine empty: %.1f MB%n", heapEmpty / 1e6));
    out.append("| waiting | parked/s | one-task/s | one-task p50 ms | p99 ms | lifecycles/s | lifecycle p50 ms | p99 ms | jobs/lifecycle | heap after GC MB | heap/waiting KB | log MB | state on disk MB | process RSS MB | records/completed instance |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    int parked = 0;
    for (int target : steps) {
      double parkRate = Double.NaN;
      if (target > parked) {
        long began = System.nanoTime();
        if (!workers.park(target - parked, PARK_TIMEOUT)) {
          out.append(String.format(Locale.ROOT, "| %,d | stalled: %,d of %,d parked after %d s | | | | | | | | | | | | | |%n",
              target, parked + workers.parkedNow(), target, PARK_TIMEOUT.toSeconds()));
          return;
        }
        parkRate = (target - parked) / ((System.nanoTime() - began) / 1e9);
        parked = target;
      }
      long heap = BenchEngine.heapAfterGc();
      long recordsBefore = s.recordsWritten();
      Load oneTask = oneTask(s.client(), MEASURE);
      Load lifecycles = workers.lifecycles(MEASURE);
      long recordsAfter = s.recordsWritten();
      long completed = oneTask.completed + lifecycles.completed;
      double recordsPerInstance = recordsBefore < 0 ? Double.NaN : (recordsAfter - recordsBefore) / (double) Math.max(1, completed);
      out.append(String.format(Locale.ROOT, "| %,d | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s | %.1f | %.0f | %s |%n",
          target, Double.isNaN(parkRate) ? "-" : String.format(Locale.ROOT, "%.0f", parkRate),
          oneTask.perSecond(), oneTask.p(50), oneTask.p(99),
          lifecycles.perSecond(), lifecycles.p(50), lifecycles.p(99), lifecycles.jobsPerCompletion,
          heap / 1e6, target == 0 ? "-" : String.format(Locale.ROOT, "%.1f", (heap - heapEmpty) / 1024.0 / target),
          s.logBytes() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", s.logBytes() / 1e6),
          s.diskBytes() / 1e6, BenchEngine.rssBytes() / 1e6, Double.isNaN(recordsPerInstance) ? "n/a" : String.format(Locale.ROOT, "%.0f", recordsPerInstance)));
      System.out.print(out);
    }
    workers.close();
  }

  /** Measured completions over a window: count, latencies, jobs per completion. */
  private static final class Load {
    final long completed;
    final double seconds;
    final long[] latencies;
    double jobsPerCompletion = Double.NaN;

    Load(long completed, double seconds, List<Long> latencies) {
      this.completed = completed;
      this.seconds = seconds;
      this.latencies = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    double perSecond() {
      return completed / seconds;
    }

    double p(int percentile) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.ceil(percentile / 100.0 * latencies.length) - 1;
      return latencies[Math.max(0, Math.min(latencies.length - 1, i))] / 1e6;
    }
  }

  /** One-task instances, {@link #CONCURRENCY} in flight, each started and awaited with its result. */
  private static Load oneTask(CamundaClient client, Duration window) throws InterruptedException {
    Semaphore slots = new Semaphore(CONCURRENCY);
    List<Long> latencies = new ArrayList<>();
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + window.toNanos();
    long began = System.nanoTime();
    while (System.nanoTime() < end) {
      if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        continue;
      }
      long t0 = System.nanoTime();
      client.newCreateInstanceCommand().bpmnProcessId(ONE_TASK).latestVersion().withResult().requestTimeout(Duration.ofMinutes(2)).send()
          .whenComplete((r, e) -> {
            if (e == null && System.nanoTime() <= end) {
              synchronized (latencies) {
                latencies.add(System.nanoTime() - t0);
              }
              done.incrementAndGet();
            }
            slots.release();
          });
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    slots.acquire(CONCURRENCY); // let the last ones finish before the next phase
    synchronized (latencies) {
      return new Load(done.get(), seconds, new ArrayList<>(latencies));
    }
  }

  /**
   * Workers for the survey lifecycle and the one-task process, playing Pulse's services with no
   * work of their own: every delivery is eligible, an answer arrives (score 5) right after the
   * send for deliveries of the measured load, and never for the parked ones.
   */
  private static final class Workers implements AutoCloseable {
    private final CamundaClient client;
    private final List<JobWorker> workers = new ArrayList<>();
    private final AtomicInteger parkedNow = new AtomicInteger();
    private final AtomicLong jobs = new AtomicLong();
    private final Map<String, Long> running = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> finished = new ConcurrentLinkedQueue<>();
    private volatile Semaphore lifecycleSlots;
    private int sequence;

    Workers(CamundaClient client) {
      this.client = client;
      worker("bench-task", job -> Map.of());
      worker("evaluate-recipient", job -> Map.of("eligible", true));
      worker("recheck-recipient", job -> Map.of("eligible", true));
      worker("send-survey", job -> Map.of());
      worker("classify-response", job -> Map.of("bucket", "HAPPY"));
      worker("notify-team", job -> Map.of());
      worker("send-thank-you", job -> Map.of());
      worker("complete-delivery", job -> Map.of());
    }

    private void worker(String type, java.util.function.Function<io.camunda.client.api.response.ActivatedJob, Map<String, Object>> variables) {
      workers.add(client.newWorker().jobType(type)
          .handler((jobClient, job) -> jobClient.newCompleteCommand(job).variables(variables.apply(job)).send()
              .whenComplete((ok, e) -> {
                if (e == null) {
                  jobs.incrementAndGet();
                  after(type, job);
                }
              }))
          .maxJobsActive(64).pollInterval(Duration.ofMillis(100)).streamEnabled(false).open());
    }

    private void after(String type, io.camunda.client.api.response.ActivatedJob job) {
      String delivery = String.valueOf(job.getVariablesAsMap().get("deliveryId"));
      if (type.equals("send-survey")) {
        if (delivery.startsWith("park-")) {
          parkedNow.incrementAndGet();
        } else if (delivery.startsWith("run-")) {
          client.newPublishMessageCommand().messageName("survey-response").correlationKey(delivery).variables(Map.of("score", 5)).send();
        }
      } else if (type.equals("complete-delivery") && delivery.startsWith("run-")) {
        Long t0 = running.remove(delivery);
        if (t0 != null) {
          finished.add(System.nanoTime() - t0);
          Semaphore slots = lifecycleSlots;
          if (slots != null) {
            slots.release();
          }
        }
      }
    }

    int parkedNow() {
      return parkedNow.get();
    }

    private void startLifecycle(String deliveryId) {
      client.newCreateInstanceCommand().bpmnProcessId("survey-lifecycle").latestVersion()
          .variables(Map.of("deliveryId", deliveryId, "surveyId", "bench", "contactId", deliveryId, "delay", "PT0S",
              "reminderAfter", "P30D", "expireAfterReminder", "P30D"))
          .requestTimeout(Duration.ofMinutes(2)).send().join();
    }

    /** Parks {@code count} more lifecycles at the answer wait; false when they did not all get there in time. */
    boolean park(int count, Duration timeout) throws InterruptedException {
      int base = parkedNow.get();
      int goal = base + count;
      Semaphore inFlight = new Semaphore(256);
      long deadline = System.nanoTime() + timeout.toNanos();
      for (int i = 0; i < count; i++) {
        while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          if (System.nanoTime() > deadline) {
            return false;
          }
        }
        String id = "park-" + (++sequence);
        client.newCreateInstanceCommand().bpmnProcessId("survey-lifecycle").latestVersion()
            .variables(Map.of("deliveryId", id, "surveyId", "bench", "contactId", id, "delay", "PT0S", "reminderAfter", "P30D", "expireAfterReminder", "P30D"))
            .requestTimeout(Duration.ofMinutes(2)).send().whenComplete((r, e) -> inFlight.release());
        // keep the backlog of unparked instances bounded, as a real enrollment's pace does
        while (i + 1 - (parkedNow.get() - base) > 2_000) {
          if (System.nanoTime() > deadline) {
            return false;
          }
          Thread.sleep(20);
        }
      }
      while (parkedNow.get() < goal) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(50);
      }
      return true;
    }


    /** Whole lifecycles, {@link #CONCURRENCY} in flight, from start to the delivery's end listener. */
    Load lifecycles(Duration window) throws InterruptedException {
      finished.clear();
      Semaphore slots = new Semaphore(CONCURRENCY);
      lifecycleSlots = slots;
      long jobsBefore = jobs.get();
      long began = System.nanoTime();
      long end = began + window.toNanos();
      int started = 0;
      while (System.nanoTime() < end) {
        if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        String id = "run-" + (++sequence);
        running.put(id, System.nanoTime());
        startLifecycle(id);
        started++;
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      List<Long> latencies = new ArrayList<>(finished);
      long completed = latencies.size();
      // let the ones in flight finish so the next phase starts clean
      long drainUntil = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!running.isEmpty() && System.nanoTime() < drainUntil) {
        Thread.sleep(20);
      }
      long jobsDone = jobs.get() - jobsBefore;
      Load load = new Load(completed, seconds, latencies);
      load.jobsPerCompletion = finished.isEmpty() ? Double.NaN : jobsDone / (double) finished.size();
      lifecycleSlots = null;
      return load;
    }

    @Override
    public void close() {
      workers.forEach(JobWorker::close);
    }
  }

  // ---------------------------------------------------------------- idle run

  private static void idle(BenchEngine s, StringBuilder out) throws Exception {
    List<JobWorker> workers = new ArrayList<>();
    for (String type : jobTypes()) {
      workers.add(s.client().newWorker().jobType(type).handler((c, j) -> c.newCompleteCommand(j).send())
          .maxJobsActive(32).pollInterval(Duration.ofMillis(100)).streamEnabled(false).open());
    }
    int minutes = Integer.getInteger("bench.idle-minutes", 30);
    out.append("workers: ").append(workers.size()).append(" (one per job type in processes/), poll interval 100 ms\n");
    Thread.sleep(Duration.ofSeconds(Long.getLong("bench.idle-warmup-seconds", 60)));
    out.append("| minute | heap after GC MB | log MB | records written | process RSS MB |\n|---|---|---|---|---|\n");
    for (int m = 0; m <= minutes; m++) {
      if (m > 0) {
        Thread.sleep(Duration.ofMinutes(1));
      }
      out.append(String.format(Locale.ROOT, "| %d | %.1f | %s | %s | %.0f |%n", m, BenchEngine.heapAfterGc() / 1e6,
          s.logBytes() < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", s.logBytes() / 1e6),
          s.recordsWritten() < 0 ? "n/a" : String.valueOf(s.recordsWritten()), BenchEngine.rssBytes() / 1e6));
      System.out.print(out);
    }
    workers.forEach(JobWorker::close);
  }

  private static List<String> jobTypes() throws IOException {
    TreeSet<String> types = new TreeSet<>();
    Pattern type = Pattern.compile("zeebe:taskDefinition type=\"([^\"]+)\"|zeebe:executionListener [^>]*type=\"([^\"]+)\"");
    try (Stream<Path> files = Files.list(TestStack.repoDir().resolve("processes"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".bpmn")).toList()) {
        Matcher m = type.matcher(Files.readString(f));
        while (m.find()) {
          types.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
      }
    }
    return new ArrayList<>(types);
  }

  private static void deploy(CamundaClient client) throws IOException {
    BpmnModelInstance oneTask = Bpmn.createExecutableProcess(ONE_TASK).startEvent().serviceTask("Task_Bench", t -> t.zeebeJobType("bench-task")).endEvent().done();
    var command = client.newDeployResourceCommand().addProcessModel(oneTask, ONE_TASK + ".bpmn");
    try (Stream<Path> files = Files.list(TestStack.repoDir().resolve("processes"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList()) {
        command = command.addResourceFile(f.toString());
      }
    }
    command.requestTimeout(Duration.ofMinutes(1)).send().join();
  }

  private EngineWaitingStateBenchmark() {}
}
