package io.camunda.zeebe.process.test.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceResponse;
import io.camunda.zeebe.protocol.impl.record.value.processinstance.ProcessInstanceCreationRecord;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceCreationIntent;
import io.camunda.zeebe.stream.api.CommandResponseWriter;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Two engines in one JVM write their responses at the same time (the embedded engine, and a
 * process scenario's test engine): each writer answers its own request with its own record, even
 * when their calls interleave. The test engine's own writer keeps key, intent and value in static
 * fields and answers both with the last value written ({@link #writers} shows it when pointed at it).
 */
class EngineResponseWriterTest {

  private final GatewayRequestStore requests = new GatewayRequestStore();

  @Test
  void interleavedWritersEachAnswerWithTheirOwnRecord() {
    assertThat(writers(store -> new EngineResponseWriter(store))).containsExactly("a-process/11", "b-process/22");
  }

  /** Two writers interleave one response each; what each client got, as "process/key". */
  private List<String> writers(Function<GatewayRequestStore, CommandResponseWriter> writer) {
    List<String> answers = new ArrayList<>(List.of("none", "none"));
    long a = requests.registerNewRequest(io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceRequest.class, client(answers, 0));
    long b = requests.registerNewRequest(io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceRequest.class, client(answers, 1));
    CommandResponseWriter first = writer.apply(requests);
    CommandResponseWriter second = writer.apply(requests);
    first.key(11).intent(ProcessInstanceCreationIntent.CREATED).recordType(RecordType.EVENT).valueType(ValueType.PROCESS_INSTANCE_CREATION)
        .valueWriter(new ProcessInstanceCreationRecord().setBpmnProcessId("a-process").setProcessInstanceKey(11));
    second.key(22).intent(ProcessInstanceCreationIntent.CREATED).recordType(RecordType.EVENT).valueType(ValueType.PROCESS_INSTANCE_CREATION)
        .valueWriter(new ProcessInstanceCreationRecord().setBpmnProcessId("b-process").setProcessInstanceKey(22));
    first.tryWriteResponse(0, a);
    second.tryWriteResponse(0, b);
    return answers;
  }

  private static StreamObserver<CreateProcessInstanceResponse> client(List<String> answers, int slot) {
    return new StreamObserver<>() {
      @Override
      public void onNext(CreateProcessInstanceResponse r) {
        answers.set(slot, r.getBpmnProcessId() + "/" + r.getProcessInstanceKey());
      }

      @Override
      public void onError(Throwable t) {
        answers.set(slot, "error: " + t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
