package dev.pulse.processes;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongPredicate;
import org.springframework.stereotype.Component;

/**
 * Whether the engine still runs a process instance. Asked with an empty set-variables command on
 * the instance: the engine answers NOT_FOUND for an instance it no longer has. This works the same
 * against the embedded engine and a Camunda 8 cluster (gRPC, no search API needed), costs one
 * small command per open record, and never scans the engine's log.
 */
@Component
public class InstanceLiveness {

  private final CamundaClient client;

  InstanceLiveness(CamundaClient client) {
    this.client = client;
  }

  /** A predicate over instance keys; when the engine cannot say, an instance counts as alive. */
  public LongPredicate snapshot() {
    return this::alive;
  }

  boolean alive(long processInstanceKey) {
    try {
      client.newSetVariablesCommand(processInstanceKey).variables(Map.of()).requestTimeout(Duration.ofSeconds(10)).send().join();
      return true;
    } catch (ClientStatusException e) {
      return e.getStatusCode() != Status.Code.NOT_FOUND;
    }
  }
}
