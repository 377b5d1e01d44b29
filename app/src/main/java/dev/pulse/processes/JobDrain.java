package dev.pulse.processes;

import io.camunda.client.jobhandling.CamundaClientExecutorService;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The middle of a graceful shutdown for jobs. The Camunda client's lifecycle closes the job
 * workers first (no new jobs are activated); then this waits, up to a bound, for the handlers
 * already running to finish and complete their jobs, so that a SIGTERM does not cut a worker off
 * mid-job (the job would only come back after its timeout). The outbox relay stops after this and
 * flushes the events those jobs wrote.
 */
@Component
class JobDrain implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(JobDrain.class);

  private final ScheduledExecutorService executor;
  private final Duration timeout;
  private volatile boolean running;

  JobDrain(CamundaClientExecutorService executor, @Value("${pulse.shutdown.jobs-timeout:20s}") Duration timeout) {
    this.executor = executor.get();
    this.timeout = timeout;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    drain(executor, timeout);
  }

  /** Lets running tasks finish, drops the delayed ones (the closed workers' next polls); true when all finished in time. */
  static boolean drain(ScheduledExecutorService executor, Duration timeout) {
    if (executor instanceof ScheduledThreadPoolExecutor pool) {
      pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      pool.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }
    long began = System.nanoTime();
    executor.shutdown();
    try {
      boolean done = executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
      long waited = (System.nanoTime() - began) / 1_000_000;
      if (done) {
        LOG.info("Jobs in flight finished before shutdown ({} ms)", waited);
      } else {
        LOG.warn("Jobs still running after {}; they will be offered again after their timeout", timeout);
      }
      return done;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // after the Camunda client's lifecycle (DEFAULT_PHASE) closed the workers, before the web
    // server's graceful shutdown and the outbox relay's final flush
    return DEFAULT_PHASE - 512;
  }
}
