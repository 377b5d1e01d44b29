package dev.pulse.platform.embedded.engine;

import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsResponse;
import io.grpc.BindableService;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Long polling for job activation, as Zeebe's own gateway does it: an activation that finds no job
 * is not answered at once but parked until the engine says jobs of that type are ready (then it
 * is tried again) or until the request's timeout (then it is answered empty). An idle worker thus
 * costs one command per request timeout instead of one per poll interval, and a job created while
 * a worker waits is handed out at once.
 *
 * <p>A notice that comes between the empty answer and the parking is not lost: each job type has
 * a generation counter, read before the attempt and checked when parking.
 */
final class LongPollingJobActivation {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private volatile BiConsumer<ActivateJobsRequest, StreamObserver<ActivateJobsResponse>> activate;
  private final ScheduledExecutorService timer;
  private final ConcurrentHashMap<String, Queue<Parked>> parked = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
  private final AtomicLong attempts = new AtomicLong();

  LongPollingJobActivation(BiConsumer<ActivateJobsRequest, StreamObserver<ActivateJobsResponse>> activate, ScheduledExecutorService timer) {
    this.activate = activate;
    this.timer = timer;
  }

  /** Activations are tried against this gateway. */
  void bind(io.camunda.zeebe.process.test.engine.GatewayParts gateway) {
    GatewayGrpc.GatewayImplBase service = (GatewayGrpc.GatewayImplBase) gateway.service();
    activate = service::activateJobs;
  }

  /** The gateway's service with its ActivateJobs method answered by this long polling. */
  ServerServiceDefinition wrap(BindableService gateway) {
    ServerServiceDefinition original = gateway.bindService();
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(original.getServiceDescriptor());
    String activateName = GatewayGrpc.getActivateJobsMethod().getFullMethodName();
    for (ServerMethodDefinition<?, ?> method : original.getMethods()) {
      if (method.getMethodDescriptor().getFullMethodName().equals(activateName)) {
        ServerCallHandler<ActivateJobsRequest, ActivateJobsResponse> handler = ServerCalls.asyncServerStreamingCall(this::activateJobs);
        builder.addMethod(GatewayGrpc.getActivateJobsMethod(), handler);
      } else {
        builder.addMethod(method);
      }
    }
    return builder.build();
  }

  /** The engine says jobs of this type can be activated: every parked request for it tries again. */
  void workAvailable(String jobType) {
    generation(jobType).incrementAndGet();
    Queue<Parked> waiting = parked.get(jobType);
    if (waiting == null) {
      return;
    }
    for (Parked p; (p = waiting.poll()) != null; ) {
      p.retry();
    }
  }

  /** Activation commands written so far (each empty poll of a worker is one). */
  long attempts() {
    return attempts.get();
  }

  /** Requests parked now. */
  int parkedCount() {
    return parked.values().stream().mapToInt(Queue::size).sum();
  }

  void activateJobs(ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> responses) {
    long timeoutMs = request.getRequestTimeout() == 0 ? DEFAULT_TIMEOUT.toMillis() : request.getRequestTimeout();
    Parked call = new Parked(request, (ServerCallStreamObserver<ActivateJobsResponse>) responses, timeoutMs);
    call.attempt();
  }

  private AtomicLong generation(String jobType) {
    return generations.computeIfAbsent(jobType, t -> new AtomicLong());
  }

  /** One worker's activation request, tried until it gets jobs or its time is up. */
  private final class Parked {
    private final ActivateJobsRequest request;
    private final ServerCallStreamObserver<ActivateJobsResponse> client;
    private final boolean longPolling;
    /** Guarded by this: no attempt running, one running, or answered. */
    private boolean attempting;
    private boolean done;
    private boolean expired;
    private ScheduledFuture<?> deadline;

    Parked(ActivateJobsRequest request, ServerCallStreamObserver<ActivateJobsResponse> client, long timeoutMs) {
      this.request = request;
      this.client = client;
      this.longPolling = timeoutMs > 0;
      client.setOnCancelHandler(this::cancelled);
      if (longPolling) {
        deadline = timer.schedule(this::expire, timeoutMs, TimeUnit.MILLISECONDS);
      }
    }

    void attempt() {
      synchronized (this) {
        if (done || attempting) {
          return;
        }
        attempting = true;
      }
      long seen = generation(request.getType()).get();
      attempts.incrementAndGet();
      activate.accept(request, new StreamObserver<>() {
        private boolean gotJobs;

        @Override
        public void onNext(ActivateJobsResponse response) {
          if (response.getJobsCount() > 0) {
            gotJobs = true;
            finish();
            // an expired or cancelled request still gets its jobs if the call is open: they are activated now
            send(() -> client.onNext(response));
          }
        }

        @Override
        public void onError(Throwable error) {
          finish();
          send(() -> client.onError(error));
        }

        @Override
        public void onCompleted() {
          if (gotJobs) {
            send(client::onCompleted);
            return;
          }
          boolean answerEmpty;
          synchronized (Parked.this) {
            attempting = false;
            answerEmpty = !done && (expired || !longPolling);
          }
          if (answerEmpty) {
            finish();
            answerEmpty();
          } else {
            park(seen);
          }
        }
      });
    }

    private void park(long seen) {
      Queue<Parked> queue = parked.computeIfAbsent(request.getType(), t -> new ConcurrentLinkedQueue<>());
      synchronized (this) {
        if (done) {
          return;
        }
        queue.add(this);
      }
      if (generation(request.getType()).get() != seen && queue.remove(this)) {
        timer.execute(this::attempt); // work arrived while the attempt ran
      }
    }

    void retry() {
      timer.execute(this::attempt);
    }

    private void expire() {
      synchronized (this) {
        if (done) {
          return;
        }
        if (attempting) {
          expired = true; // the running attempt answers, with jobs or empty
          return;
        }
        done = true;
      }
      unpark();
      answerEmpty();
    }

    private void cancelled() {
      synchronized (this) {
        done = true;
      }
      cancelDeadline();
      unpark();
    }

    private void unpark() {
      Queue<Parked> queue = parked.get(request.getType());
      if (queue != null) {
        queue.remove(this);
      }
    }

    private void finish() {
      synchronized (this) {
        done = true;
      }
      cancelDeadline();
    }

    private synchronized void cancelDeadline() {
      if (deadline != null) {
        deadline.cancel(false);
      }
    }

    private void answerEmpty() {
      send(() -> {
        client.onNext(ActivateJobsResponse.getDefaultInstance());
        client.onCompleted();
      });
    }

    private void send(Runnable answer) {
      if (client.isCancelled()) {
        return;
      }
      try {
        answer.run();
      } catch (RuntimeException closed) {
        // the client went away meanwhile; nothing to answer
      }
    }
  }
}
