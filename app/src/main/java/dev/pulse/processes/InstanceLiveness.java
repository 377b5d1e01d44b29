package dev.pulse.processes;

import dev.pulse.platform.embedded.EmbeddedStack;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongPredicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Which process instances the engine still runs. Embedded: read from the engine's own record
 * stream. External: asked of the cluster's REST API, one instance at a time.
 */
@Component
public class InstanceLiveness {

  private final ObjectProvider<EmbeddedStack> embedded;
  private final CamundaClient client;

  InstanceLiveness(ObjectProvider<EmbeddedStack> embedded, CamundaClient client) {
    this.embedded = embedded;
    this.client = client;
  }

  /** A snapshot to test many keys against. */
  public LongPredicate snapshot() {
    EmbeddedStack stack = embedded.getIfAvailable();
    if (stack != null && stack.zeebe() != null) {
      Set<Long> active = new HashSet<>();
      for (Record<?> record : stack.zeebe().engine().getRecordStreamSource().getRecords()) {
        if (record.getValueType() != ValueType.PROCESS_INSTANCE) {
          continue;
        }
        ProcessInstanceRecordValue value = (ProcessInstanceRecordValue) record.getValue();
        if (value.getBpmnElementType() != BpmnElementType.PROCESS) {
          continue;
        }
        if (record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
          active.add(value.getProcessInstanceKey());
        } else if (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED || record.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED) {
          active.remove(value.getProcessInstanceKey());
        }
      }
      return active::contains;
    }
    return this::askCluster;
  }

  private boolean askCluster(long key) {
    try {
      return client.newProcessInstanceGetRequest(key).requestTimeout(Duration.ofSeconds(10)).send().join().getState() == ProcessInstanceState.ACTIVE;
    } catch (ClientStatusException e) {
      return false;
    } catch (RuntimeException e) {
      // a 404 from the REST API: the instance is gone; anything else: assume it lives, resume nothing
      return !String.valueOf(e.getMessage()).contains("404");
    }
  }

}
