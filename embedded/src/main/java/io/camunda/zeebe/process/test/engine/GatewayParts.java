package io.camunda.zeebe.process.test.engine;

import io.camunda.zeebe.engine.processing.streamprocessor.JobStreamer;
import io.camunda.zeebe.logstreams.log.LogStreamWriter;
import io.camunda.zeebe.protocol.impl.stream.job.JobActivationProperties;
import io.camunda.zeebe.stream.api.CommandResponseWriter;
import io.camunda.zeebe.stream.api.InterPartitionCommandSender;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.agrona.DirectBuffer;

/**
 * Pulse's one door into Zeebe's own gRPC-to-log gateway (shipped in zeebe-process-test-engine,
 * whose classes are package-private): the gateway service, the writer that answers its requests,
 * the sender of inter-partition commands and the job streamer (the writer is Pulse's own,
 * {@link EngineResponseWriter}). Pulse assembles the engine around
 * them itself ({@code dev.pulse.platform.embedded.engine}), with a real state store and a log
 * that is truncated; nothing else of the test engine is used.
 */
public final class GatewayParts {

  private final GrpcToLogStreamGateway gateway;
  private final CommandResponseWriter responseWriter;
  private final CommandSender commandSender;
  private final JobStreamer jobStreamer;
  private final GatewayRequestStore requests;

  private GatewayParts(
      GrpcToLogStreamGateway gateway, CommandResponseWriter responseWriter, CommandSender commandSender, JobStreamer jobStreamer, GatewayRequestStore requests) {
    this.gateway = gateway;
    this.responseWriter = responseWriter;
    this.commandSender = commandSender;
    this.jobStreamer = jobStreamer;
    this.requests = requests;
  }

  /**
   * The gateway's parts writing to {@code writer}; {@code workAvailable} hears every job type the
   * engine says has jobs ready to activate (Pulse's long polling listens there).
   */
  public static GatewayParts create(LogStreamWriter writer, int port, Consumer<String> workAvailable) {
    CommandWriter commandWriter = new CommandWriter(writer);
    GatewayRequestStore requests = new GatewayRequestStore();
    InMemoryJobStreamer streams = new InMemoryJobStreamer(commandWriter);
    GrpcToLogStreamGateway gateway = new GrpcToLogStreamGateway(commandWriter, 1, 1, port, requests, streams);
    CommandResponseWriter responses = new EngineResponseWriter(requests); // not the test engine's: see there
    JobStreamer notifying =
        new JobStreamer() {
          @Override
          public Optional<JobStream> streamFor(DirectBuffer jobType, Predicate<JobActivationProperties> filter) {
            return streams.streamFor(jobType, filter);
          }

          @Override
          public void notifyWorkAvailable(String jobType) {
            workAvailable.accept(jobType);
          }
        };
    return new GatewayParts(gateway, responses, new CommandSender(commandWriter), notifying, requests);
  }

  public BindableService service() {
    return gateway;
  }

  public CommandResponseWriter responseWriter() {
    return responseWriter;
  }

  public InterPartitionCommandSender commandSender() {
    return commandSender;
  }

  public JobStreamer jobStreamer() {
    return jobStreamer;
  }

  /** Ends a request the log refused to take, with this error; false when it was not waiting. */
  public boolean fail(long requestId, Throwable error) {
    GatewayRequestStore.Request request = requests.removeRequest(requestId);
    if (request == null) {
      return false;
    }
    StreamObserver<?> observer = request.responseObserver();
    observer.onError(error);
    return true;
  }
}
