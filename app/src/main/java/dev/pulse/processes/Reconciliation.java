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

  Reconciliation(List<Resumable> resumables, InstanceLiveness liveness, ObjectProvider<FreshEngine> engine) {
    this.resumables = resumables;
    this.liveness = liveness;
    // Constructed with the other singletons, so before any job worker, Kafka listener or request
    // can start an instance on the new engine. Only the first context on an engine does this: the
    // test suite's contexts share one engine whose instances are alive.
    FreshEngine fresh = engine.getIfAvailable();
    if (fresh != null && fresh.adoptFresh()) {
      resumables.forEach(Resumable::forgetInstances);
      LOG.info("Fresh embedded engine: stored instance keys of open records forgotten, to be resumed once the processes are deployed");
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(100) // after the process deployment
  void onStart() {
    Report report = run();
    if (report.resumedCount() > 0) {
      LOG.warn("Resumed {} process instance(s) the engine no longer had: {}", report.resumedCount(), report.resumed());
    }
  }

  public synchronized Report run() {
    LongPredicate alive = liveness.snapshot();
    List<Resumable.Resumed> resumed = new ArrayList<>();
    for (Resumable resumable : resumables) {
      resumed.addAll(resumable.resume(alive));
    }
    return new Report(resumed.size(), resumed);
  }
}
