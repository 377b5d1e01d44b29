package dev.pulse.processes;

import dev.pulse.platform.events.Outbox;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.PublishMessageCommandStep1.PublishMessageCommandStep3;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.grpc.Status;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/** Starting processes and publishing messages on behalf of services calling the REST API. */
@Service
public class ProcessService {

  private static final Duration ENGINE_TIMEOUT = Duration.ofSeconds(15);

  private final CamundaClient client;
  private final DeploymentRepository deployments;
  private final Outbox outbox;

  /** How long a start or publish on Pulse's own behalf keeps trying while the engine is full. */
  private final Duration backPressureRetry;

  ProcessService(
      CamundaClient client,
      DeploymentRepository deployments,
      Outbox outbox,
      @org.springframework.beans.factory.annotation.Value("${pulse.engine.back-pressure-retry:30s}") Duration backPressureRetry) {
    this.client = client;
    this.deployments = deployments;
    this.outbox = outbox;
    this.backPressureRetry = backPressureRetry;
  }

  /**
   * Runs an engine command; while the engine refuses it for back-pressure (RESOURCE_EXHAUSTED:
   * nothing was started or published), tries again with a growing pause, for at most {@code
   * budget}, then lets the refusal through (REST answers it as 503 with Retry-After).
   */
  static <T> T underBackPressure(java.util.function.Supplier<T> command, Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    long pauseMs = 25;
    while (true) {
      try {
        return command.get();
      } catch (ClientStatusException e) {
        if (e.getStatusCode() != Status.Code.RESOURCE_EXHAUSTED || System.nanoTime() + pauseMs * 1_000_000 > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(pauseMs + java.util.concurrent.ThreadLocalRandom.current().nextLong(pauseMs / 2 + 1));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the engine was full", interrupted);
      }
      pauseMs = Math.min(1_000, pauseMs * 2);
    }
  }

  public record StartedInstance(String processId, int version, long processDefinitionKey, long processInstanceKey) {}

  public record ProcessVersion(
      int version, long processDefinitionKey, String resourceName, String checksum, java.time.Instant deployedAt) {}

  public record DeployedProcess(String processId, int latestVersion, List<ProcessVersion> versions) {}

  public record Catalogue(List<DeployedProcess> processes, List<DeploymentRepository.Rejection> problems) {}

  /** The processes deployed now, each with its versions, and the files the engine refused. */
  public Catalogue catalogue() {
    Map<String, List<ProcessVersion>> byProcess = new TreeMap<>();
    for (DeploymentRepository.DeployedProcess p : deployments.activeProcesses()) {
      byProcess
          .computeIfAbsent(p.processId(), k -> new java.util.ArrayList<>())
          .add(new ProcessVersion(p.version(), p.definitionKey(), p.resourceName(), p.checksum(), p.deployedAt()));
    }
    List<DeployedProcess> processes =
        byProcess.entrySet().stream()
            .map(e -> new DeployedProcess(e.getKey(), e.getValue().get(0).version(), e.getValue()))
            .toList();
    return new Catalogue(processes, deployments.currentRejections());
  }

  /** The BPMN XML of a deployed version, as deployed. */
  public java.util.Optional<String> bpmn(String processId, int version) {
    return deployments.content(processId, version);
  }

  /** The definition key of a deployed version of a process. */
  public java.util.Optional<Long> definitionKey(String processId, int version) {
    return deployments.activeProcesses().stream().filter(p -> p.processId().equals(processId) && p.version() == version)
        .map(DeploymentRepository.DeployedProcess::definitionKey).findFirst();
  }

  /** Creates an instance of the latest version; a {@code process-instance.started} event follows. */
  @Transactional
  public StartedInstance start(String processId, Map<String, Object> variables) {
    return start(processId, variables, backPressureRetry);
  }

  /** The same, for a service's own request: a full engine is its answer at once (503, Retry-After). */
  @Transactional
  public StartedInstance startForCaller(String processId, Map<String, Object> variables) {
    return start(processId, variables, Duration.ZERO);
  }

  private StartedInstance start(String processId, Map<String, Object> variables, Duration retry) {
    ProcessInstanceEvent event;
    try {
      event = underBackPressure(() ->
          client
              .newCreateInstanceCommand()
              .bpmnProcessId(processId)
              .latestVersion()
              .variables(variables == null ? Map.of() : variables)
              .requestTimeout(ENGINE_TIMEOUT)
              .send()
              .join(), retry);
    } catch (ClientStatusException e) {
      if (e.getStatusCode() == Status.Code.NOT_FOUND) {
        throw new ProcessNotFound(processId);
      }
      throw e;
    }
    StartedInstance started =
        new StartedInstance(
            event.getBpmnProcessId(), event.getVersion(), event.getProcessDefinitionKey(), event.getProcessInstanceKey());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("processId", started.processId());
    data.put("version", started.version());
    data.put("processInstanceKey", started.processInstanceKey());
    outbox.event("process-instance.started", String.valueOf(started.processInstanceKey()), data);
    return started;
  }

  /**
   * Starts an instance of the latest version before a given element (Zeebe start instructions):
   * how a lost instance is resumed where its business record says it was.
   */
  public long startBefore(String processId, String elementId, Map<String, Object> variables) {
    return underBackPressure(() -> client
        .newCreateInstanceCommand()
        .bpmnProcessId(processId)
        .latestVersion()
        .variables(variables)
        .startBeforeElement(elementId)
        .requestTimeout(ENGINE_TIMEOUT)
        .send()
        .join()
        .getProcessInstanceKey(), backPressureRetry);
  }

  /** Cancels an instance; false when the engine no longer has it. */
  public boolean cancel(long processInstanceKey) {
    try {
      client.newCancelInstanceCommand(processInstanceKey).send().join();
      return true;
    } catch (io.camunda.client.api.command.ClientStatusException e) {
      return false;
    }
  }

  /** Publishes a message; the engine buffers it for {@code timeToLive} if no instance waits yet. */
  public long publish(String name, String correlationKey, Map<String, Object> variables, Duration timeToLive, String messageId) {
    return publish(name, correlationKey, variables, timeToLive, messageId, backPressureRetry);
  }

  /** The same, for a service's own request: a full engine is its answer at once (503, Retry-After). */
  public long publishForCaller(String name, String correlationKey, Map<String, Object> variables, Duration timeToLive, String messageId) {
    return publish(name, correlationKey, variables, timeToLive, messageId, Duration.ZERO);
  }

  private long publish(String name, String correlationKey, Map<String, Object> variables, Duration timeToLive, String messageId, Duration retry) {
    PublishMessageCommandStep3 command =
        client
            .newPublishMessageCommand()
            .messageName(name)
            .correlationKey(correlationKey)
            .variables(variables == null ? Map.of() : variables);
    if (timeToLive != null) {
      command = command.timeToLive(timeToLive);
    }
    if (messageId != null && !messageId.isBlank()) {
      command = command.messageId(messageId);
    }
    PublishMessageCommandStep3 ready = command;
    return underBackPressure(() -> ready.requestTimeout(ENGINE_TIMEOUT).send().join().getMessageKey(), retry);
  }

  /** 404 naming the process that is not deployed. */
  static final class ProcessNotFound extends ErrorResponseException {
    ProcessNotFound(String processId) {
      super(HttpStatus.NOT_FOUND, problem(processId), null);
    }

    private static ProblemDetail problem(String processId) {
      ProblemDetail p =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.NOT_FOUND, "No process with id '" + processId + "' is deployed");
      p.setTitle("Unknown process");
      p.setProperty("processId", processId);
      return p;
    }
  }
}
