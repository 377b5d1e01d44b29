package dev.pulse.processes;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.exception.JobError;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How a job worker reports an outbound call that failed for now (SMTP down, a channel adapter
 * refusing): the job fails with one retry less and an exponential back-off, so the engine offers
 * it again later; when the retries are used up the engine raises an incident carrying the
 * message, for an admin to resolve. A server's Retry-After, when known, wins over the back-off.
 */
@Component
public class JobRetries {

  private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  private final Duration base;

  JobRetries(@Value("${pulse.outbound.retry-backoff:10s}") Duration base) {
    this.base = base;
  }

  /** The error to throw from the worker; {@code what} says what could not be done, for the incident. */
  public JobError retryLater(ActivatedJob job, String what, Throwable cause, Duration retryAfter) {
    int retriesLeft = Math.max(0, job.getRetries() - 1);
    String message = what + ": " + rootMessage(cause) + (retriesLeft == 0 ? " (no retries left)" : " (" + retriesLeft + " retries left)");
    return CamundaError.jobError(message, null, retriesLeft, retriesLeft == 0 ? Duration.ZERO : backoff(job, retryAfter), cause);
  }

  public JobError retryLater(ActivatedJob job, String what, Throwable cause) {
    return retryLater(job, what, cause, null);
  }

  /** base × 2^(attempts so far), at most ten minutes; Retry-After when the server gave one. */
  Duration backoff(ActivatedJob job, Duration retryAfter) {
    if (retryAfter != null && !retryAfter.isNegative()) {
      return retryAfter.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : retryAfter;
    }
    int attempts = Math.max(0, 3 - job.getRetries());
    Duration backoff = base.multipliedBy(1L << Math.min(attempts, 16));
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
