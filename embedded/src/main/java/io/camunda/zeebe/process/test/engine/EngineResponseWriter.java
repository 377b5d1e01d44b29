package io.camunda.zeebe.process.test.engine;

import com.google.protobuf.GeneratedMessage;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.RejectionType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.stream.api.CommandResponseWriter;
import io.camunda.zeebe.util.buffer.BufferUtil;
import io.camunda.zeebe.util.buffer.BufferWriter;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Answers the gateway's requests with what the stream processor decided, for the embedded engine.
 * The test engine's writer keeps the key, intent and value of the response being written in static
 * fields, shared by every engine in the JVM: a process scenario's throwaway engine (the deployment
 * gate, {@code POST /api/processes/{id}/test}) writing a response while the embedded engine wrote
 * its own could hand a client a mix of both, or fail to read it ("Could not deserialize object
 * [ProcessInstanceResultRecord]") and leave the client waiting. This writer keeps them per
 * instance; the mapping to gRPC messages is still the test engine's.
 */
final class EngineResponseWriter implements CommandResponseWriter {

  private final GatewayRequestStore requests;
  private final GrpcResponseMapper mapper = new GrpcResponseMapper();
  private final ExpandableArrayBuffer value = new ExpandableArrayBuffer();
  private final DirectBuffer valueView = new UnsafeBuffer(0, 0);
  private long key;
  private Intent intent;
  private RejectionType rejectionType = RejectionType.NULL_VAL;
  private String rejectionReason = "";

  EngineResponseWriter(GatewayRequestStore requests) {
    this.requests = requests;
  }

  @Override
  public CommandResponseWriter partitionId(int partitionId) {
    return this; // one partition
  }

  @Override
  public CommandResponseWriter key(long key) {
    this.key = key;
    return this;
  }

  @Override
  public CommandResponseWriter intent(Intent intent) {
    this.intent = intent;
    return this;
  }

  @Override
  public CommandResponseWriter recordType(RecordType recordType) {
    return this; // the response's kind follows from the request and the rejection
  }

  @Override
  public CommandResponseWriter valueType(ValueType valueType) {
    return this; // the request says which response it waits for
  }

  @Override
  public CommandResponseWriter rejectionType(RejectionType rejectionType) {
    this.rejectionType = rejectionType;
    return this;
  }

  @Override
  public CommandResponseWriter rejectionReason(DirectBuffer reason) {
    this.rejectionReason = BufferUtil.bufferAsString(reason);
    return this;
  }

  @Override
  public CommandResponseWriter valueWriter(BufferWriter writer) {
    int length = writer.getLength();
    writer.write(value, 0);
    valueView.wrap(value, 0, length);
    return this;
  }

  @Override
  public void tryWriteResponse(int requestStreamId, long requestId) {
    try {
      GatewayRequestStore.Request request = requests.removeRequest(requestId);
      if (request == null) {
        return; // answered already (refused by the log) or given up
      }
      @SuppressWarnings("unchecked")
      StreamObserver<Object> client = (StreamObserver<Object>) request.responseObserver();
      if (rejectionType != RejectionType.NULL_VAL) {
        client.onError(StatusProto.toStatusException(mapper.createRejectionResponse(rejectionType, intent, rejectionReason)));
      } else {
        GeneratedMessage response = mapper.map(request.requestType(), valueView, key, intent);
        client.onNext(response);
        client.onCompleted();
      }
    } catch (Exception e) {
      throw new IllegalStateException("The embedded engine could not answer request " + requestId + ": " + e.getMessage(), e);
    } finally {
      rejectionType = RejectionType.NULL_VAL;
      rejectionReason = "";
      key = -1;
      intent = null;
      valueView.wrap(value, 0, 0);
    }
  }
}
