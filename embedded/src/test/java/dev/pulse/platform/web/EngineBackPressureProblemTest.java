package dev.pulse.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** A full engine is a 503 with Retry-After for the REST caller, not a 429 and never a hang. */
class EngineBackPressureProblemTest {

  private final ProblemHandler handler = new ProblemHandler();

  @Test
  void engineBackPressureIsServiceUnavailableWithRetryAfter() {
    ResponseEntity<ProblemDetail> full = handler.engineError(
        new ClientStatusException(Status.RESOURCE_EXHAUSTED.withDescription("at its limit of unprocessed commands"), null));
    assertThat(full.getStatusCode().value()).isEqualTo(503);
    assertThat(full.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    assertThat(full.getBody().getDetail()).contains("unprocessed commands");
    assertThat(full.getBody().getProperties()).containsEntry("engineStatus", "RESOURCE_EXHAUSTED");

    ResponseEntity<ProblemDetail> notFound = handler.engineError(new ClientStatusException(Status.NOT_FOUND.withDescription("no such process"), null));
    assertThat(notFound.getStatusCode().value()).isEqualTo(404);
    assertThat(notFound.getHeaders().containsKey(HttpHeaders.RETRY_AFTER)).isFalse();
  }
}
