package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Shutdown waits for the job handlers already running, and not for the closed workers' next polls. */
class JobDrainTest {

  @Test
  void shutdownWaitsForTheRunningJobAndDropsTheNextPoll() throws Exception {
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    AtomicBoolean polledAgain = new AtomicBoolean();
    executor.execute(() -> { // a job handler at work
      started.countDown();
      try {
        release.await();
        finished.set(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    executor.schedule(() -> polledAgain.set(true), 30, TimeUnit.SECONDS); // a closed worker's next poll
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> JobDrain.drain(executor, Duration.ofSeconds(20)));
    await("shutdown waits while the job runs").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !drained.isDone());
    release.countDown();

    assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(finished).as("the running job was let finish").isTrue();
    assertThat(polledAgain).as("no new poll after shutdown").isFalse();
  }

  @Test
  void aJobThatOutlastsTheBoundIsLeftToItsTimeout() {
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
    CountDownLatch never = new CountDownLatch(1);
    executor.execute(() -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(JobDrain.drain(executor, Duration.ofMillis(200))).isFalse();
    executor.shutdownNow();
  }
}
