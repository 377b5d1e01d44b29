package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.JobError;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a failed outbound call is retried: exponential back-off, capped, a server's Retry-After first, an incident at the end. */
class JobRetriesTest {

  private final JobRetries retries = new JobRetries(Duration.ofSeconds(10));

  private static ActivatedJob jobWithRetries(int left) {
    ActivatedJob job = mock(ActivatedJob.class);
    when(job.getRetries()).thenReturn(left);
    return job;
  }

  @Test
  void theBackOffDoublesWithEachAttemptAndIsCapped() {
    assertThat(retries.backoff(jobWithRetries(3), null)).isEqualTo(Duration.ofSeconds(10));
    assertThat(retries.backoff(jobWithRetries(2), null)).isEqualTo(Duration.ofSeconds(20));
    assertThat(retries.backoff(jobWithRetries(1), null)).isEqualTo(Duration.ofSeconds(40));
    assertThat(retries.backoff(jobWithRetries(-20), null)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aRetryAfterFromTheServerWinsWithinTheCap() {
    assertThat(retries.backoff(jobWithRetries(3), Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    assertThat(retries.backoff(jobWithRetries(3), Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(10));
    JobError error = retries.retryLater(jobWithRetries(3), "Could not call the webhook", new IOException("429 Too Many Requests"), Duration.ofSeconds(30));
    assertThat(error.getRetryBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(error.getRetries()).isEqualTo(2);
  }

  @Test
  void theLastFailureLeavesNoRetriesSoTheEngineRaisesAnIncidentWithTheCause() {
    JobError error = retries.retryLater(jobWithRetries(1), "Could not send the survey mail of delivery d-1",
        new IllegalStateException("wrapper", new IOException("Connection refused")));
    assertThat(error.getRetries()).isZero();
    assertThat(error.getErrorMessage()).isEqualTo("Could not send the survey mail of delivery d-1: Connection refused (no retries left)");
  }
}
