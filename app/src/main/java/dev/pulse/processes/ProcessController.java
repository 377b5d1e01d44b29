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
  private final ProcessTests tests;
  private final dev.pulse.platform.web.StrictJson strict;

  ProcessController(ProcessService processes, Reconciliation reconciliation, ProcessTests tests, dev.pulse.platform.web.StrictJson strict) {
    this.processes = processes;
    this.reconciliation = reconciliation;
    this.tests = tests;
    this.strict = strict;
  }

  record ScenarioFile(String file, java.util.List<String> cases) {}

  record ProcessScenarioList(String processId, boolean engineAvailable, java.util.List<ScenarioFile> files, Map<String, String> invalidFiles) {}

  @GetMapping("/api/processes/{processId}/tests")
  @Operation(summary = "The process's scenario files in processes/tests/ and their cases, and scenario files that cannot be read (with why)")
  ProcessScenarioList scenarios(@PathVariable String processId) {
    ProcessTests.Files files = tests.files();
    return new ProcessScenarioList(processId, tests.available(),
        files.of(java.util.Set.of(processId)).stream().map(s -> new ScenarioFile(s.file(), s.cases().stream().map(ProcessScenarioFiles.Case::name).toList())).toList(),
        files.invalid());
  }

  record TestRequest(@jakarta.validation.constraints.Size(max = 2_000_000) String content) {}

  @PostMapping("/api/processes/{processId}/test")
  @Operation(summary = "Run the process's scenarios (processes/tests/) on a throwaway engine: against its running version, or against a candidate BPMN"
      + " (content) without deploying it. Each case says what failed, what the instance completed and where it waits")
  @dev.pulse.platform.web.ApiDocumentation.Refuses({404, 422, 503})
  ProcessTests.Run test(@PathVariable String processId,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
          schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = TestRequest.class))) @RequestBody(required = false) com.fasterxml.jackson.databind.JsonNode body) {
    TestRequest in = body == null || body.isNull() ? new TestRequest(null) : strict.read(body, TestRequest.class);
    byte[] candidate = in.content() == null ? null : in.content().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (candidate != null && !ProcessScenarios.processIds(candidate).contains(processId)) {
      java.util.Set<String> defined = ProcessScenarios.processIds(candidate);
      throw dev.pulse.platform.web.StrictJson.invalidField("content", defined.isEmpty() ? "is not a BPMN file the model reader can read"
          : "defines " + defined + ", not " + processId);
    }
    if (tests.files().of(java.util.Set.of(processId)).isEmpty()) {
      throw new org.springframework.web.ErrorResponseException(HttpStatus.NOT_FOUND, org.springframework.http.ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
          "No scenario file in processes/tests/ names process " + processId + " (process: " + processId + ")"), null);
    }
    try {
      return tests.run(processId, candidate);
    } catch (ProcessTests.NoTestEngine e) {
      throw new org.springframework.web.ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
          org.springframework.http.ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()), null);
    }
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
      @PathVariable String processId,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "The instance's variables, by name: any JSON values (free-form by design, as Camunda's create-instance takes them)")
      @RequestBody(required = false) Map<String, Object> variables) {
    ProcessVariables.requireEncodable("", variables);
    ProcessService.StartedInstance started = processes.startForCaller(processId, variables);
    return ResponseEntity.created(URI.create("/api/process-instances/" + started.processInstanceKey()))
        .body(started);
  }

  record MessageRequest(
      @NotBlank String name,
      @NotNull String correlationKey,
      @io.swagger.v3.oas.annotations.media.Schema(description = "Variables the message brings to the instance, by name: any JSON values") Map<String, Object> variables,
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
