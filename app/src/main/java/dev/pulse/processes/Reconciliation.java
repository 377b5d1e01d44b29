package dev.pulse.processes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;

/**
 * PostgreSQL is the record of business state; the engine runs the processes. On start (after the
 * processes are deployed) and on request, every open delivery or conversation whose instance is
 * gone is resumed at the element its state calls for, once: a record is claimed before its new
 * instance starts.
 *
 * <p>An embedded engine starts empty and hands out the same keys as the last one did, so a stored
 * key cannot be asked about: it may name a new instance of another record. The keys are
 * forgotten when such an engine is adopted, and every open record is resumed.
 */
@Service
public class Reconciliation {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

  public record Report(int resumedCount, List<Resumable.Resumed> resumed) {}

  private final List<Resumable> resumables;
  private final InstanceLiveness liveness;
  private final boolean adoptedFresh;

  /** True when this context adopted a fresh embedded engine (empty: nothing deployed, no instances). */
  boolean adoptedFreshEngine() {
    return adoptedFresh;
  }

  Reconciliation(List<Resumable> resumables, InstanceLiveness liveness, ObjectProvider<FreshEngine> engine) {
    this.resumables = resumables;
    this.liveness = liveness;
    // Constructed with the other singletons, so before any job worker, Kafka listener or request
    // can start an instance on the new engine. Only the first context on an engine does this: the
    // test suite's contexts share one engine whose instances are alive.
    FreshEngine fresh = engine.getIfAvailable();
    this.adoptedFresh = fresh != null && fresh.adoptFresh();
    if (adoptedFresh) {
      resumables.forEach(Resumable::forgetInstances);
      LOG.info("Fresh embedded engine: stored instance keys of open records forgotten, to be resumed once the processes are deployed");
    }
  }

  /**
   * After the process deployment, in the background: the server is ready (health UP, requests
   * served) at once, however many open records there are; what arrives for a record not resumed
   * yet waits for it (an answer is a buffered message with a time to live; a resumed record reads
   * its state when it is resumed). Before, start time grew with every open record.
   */
  @EventListener(ApplicationReadyEvent.class)
  @Order(100)
  void onStart() {
    Thread worker = new Thread(() -> {
      long began = System.nanoTime();
      try {
        Report report = run();
        long ms = (System.nanoTime() - began) / 1_000_000;
        if (report.resumedCount() > 0) {
          LOG.warn("Reconciliation at start resumed {} process instance(s) the engine no longer had, in {} ms (in the background): {}",
              report.resumedCount(), ms, report.resumed().size() > 20 ? report.resumed().subList(0, 20) + " ..." : report.resumed());
        } else {
          LOG.info("Reconciliation at start: nothing to resume ({} ms)", ms);
        }
      } catch (RuntimeException e) {
        LOG.error("Reconciliation at start stopped; POST /api/admin/reconcile runs it again", e);
      }
    }, "pulse-reconcile");
    worker.setDaemon(true);
    worker.start();
  }

  private final java.util.concurrent.locks.ReentrantLock running = new java.util.concurrent.locks.ReentrantLock();

  /** Runs a reconciliation now; waits for one already running (the one at start) to end first. */
  public Report run() {
    running.lock();
    try {
      return runLocked();
    } finally {
      running.unlock();
    }
  }

  /** For a caller that must not wait (a request): empty when a reconciliation is running. */
  public java.util.Optional<Report> runUnlessRunning() {
    if (!running.tryLock()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(runLocked());
    } finally {
      running.unlock();
    }
  }

  private Report runLocked() {
    LongPredicate alive = liveness.snapshot();
    List<Resumable.Resumed> resumed = new ArrayList<>();
    for (Resumable resumable : resumables) {
      resumed.addAll(resumable.resume(alive));
    }
    return new Report(resumed.size(), resumed);
  }
}
