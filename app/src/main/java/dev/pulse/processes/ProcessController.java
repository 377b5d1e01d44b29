package dev.pulse.processes;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Services start any deployed process and publish messages over REST. */
@RestController
@Tag(name = "Processes")
class ProcessController {

  private final ProcessService processes;
  private final Reconciliation reconciliation;

  ProcessController(ProcessService processes, Reconciliation reconciliation) {
    this.processes = processes;
    this.reconciliation = reconciliation;
  }

  @GetMapping("/api/processes")
  @Operation(summary = "Deployed processes with their versions, and files the engine refused")
  ProcessService.Catalogue list() {
    return processes.catalogue();
  }

  @PostMapping("/api/processes/{processId}/instances")
  @Operation(summary = "Start an instance of the latest version; the JSON body holds its variables")
  @dev.pulse.platform.web.ApiDocumentation.Answers({201})
  ResponseEntity<ProcessService.StartedInstance> start(
      @PathVariable String processId, @RequestBody(required = false) Map<String, Object> variables) {
    ProcessVariables.requireEncodable("", variables);
    ProcessService.StartedInstance started = processes.startForCaller(processId, variables);
    return ResponseEntity.created(URI.create("/api/process-instances/" + started.processInstanceKey()))
        .body(started);
  }

  record MessageRequest(
      @NotBlank String name,
      @NotNull String correlationKey,
      Map<String, Object> variables,
      Duration timeToLive,
      String messageId) {}

  record MessagePublished(long messageKey) {}

  @PostMapping("/api/admin/reconcile")
  @Operation(summary = "Resume every open delivery or conversation whose process instance is gone, at the element its state calls for; reports what it resumed")
  Reconciliation.Report reconcile() {
    return reconciliation.runUnlessRunning().orElseThrow(() -> new org.springframework.web.ErrorResponseException(HttpStatus.CONFLICT,
        org.springframework.http.ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
            "A reconciliation is running (the one at start goes on in the background); try again when it has ended"), null));
  }

  @PostMapping("/api/messages")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary = "Publish a message to the engine",
      description = "Correlates with instances waiting on (name, correlationKey); buffered for timeToLive (ISO-8601, e.g. PT1H). A repeated messageId within its time to live is refused as a duplicate.")
  MessagePublished publish(@Valid @RequestBody MessageRequest request) {
    ProcessVariables.requireEncodable("variables", request.variables());
    return new MessagePublished(
        processes.publishForCaller(
            request.name(), request.correlationKey(), request.variables(), request.timeToLive(), request.messageId()));
  }
}
