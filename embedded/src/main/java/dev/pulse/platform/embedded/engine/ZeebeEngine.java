package dev.pulse.platform.embedded.engine;

import com.netflix.concurrency.limits.limit.FixedLimit;
import io.camunda.search.clients.SearchClientsProxy;
import io.camunda.security.auth.BrokerRequestAuthorizationConverter;
import io.camunda.security.configuration.SecurityConfiguration;
import io.camunda.zeebe.db.AccessMetricsConfiguration;
import io.camunda.zeebe.db.ConsistencyChecksSettings;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.rocksdb.RocksDbConfiguration;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.engine.Engine;
import io.camunda.zeebe.engine.EngineConfiguration;
import io.camunda.zeebe.engine.processing.EngineProcessors;
import io.camunda.zeebe.engine.processing.message.command.SubscriptionCommandSender;
import io.camunda.zeebe.logstreams.log.LogAppendEntry;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.logstreams.log.LogStreamWriter;
import io.camunda.zeebe.logstreams.log.WriteContext;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.process.test.engine.GatewayParts;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.scheduler.ActorScheduler;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.camunda.zeebe.stream.api.records.TypedRecord;
import io.camunda.zeebe.stream.impl.ControllableStreamClockImpl;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.stream.impl.StreamProcessorListener;
import io.camunda.zeebe.util.Either;
import io.camunda.zeebe.util.FeatureFlags;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-partition Zeebe engine assembled from Zeebe's own modules: the workflow engine's record
 * processors ({@code zeebe-workflow-engine}) run by Zeebe's stream processor ({@code
 * zeebe-stream-platform}) over a log stream ({@code zeebe-logstreams}), with the engine's real
 * state store, RocksDB ({@code zeebe-db}), and Zeebe's gRPC-to-log gateway in front (see {@link
 * GatewayParts}). What Pulse adds around them:
 *
 * <ul>
 *   <li>a log kept in memory only until it is processed and read ({@link TruncatingLogStorage});
 *   <li>long polling for job activation ({@link LongPollingJobActivation});
 *   <li>back-pressure: client commands count against a limit of unprocessed commands, and one over
 *       it is refused with RESOURCE_EXHAUSTED, as Zeebe's broker does, instead of hanging;
 *   <li>record cursors for readers of the record stream (the monitoring projection), each holding
 *       back truncation until it has read a record.
 * </ul>
 *
 * <p>The state lives in a RocksDB folder that is emptied at every start: like the test engine
 * before it, the engine starts empty, and PostgreSQL holds the business state that brings waiting
 * deliveries and conversations back (reconciliation).
 */
public final class ZeebeEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ZeebeEngine.class);
  private static final int PARTITION = 1;

  /** How the engine runs; {@code stateDir} is emptied at start. */
  public record Settings(String host, int port, Path stateDir, long stateMemoryBytes, int maxUnprocessedCommands, Duration truncateEvery) {}

  private final ControlledActorClock clock;
  private final ActorScheduler scheduler;
  private final TruncatingLogStorage storage;
  private final LogStream logStream;
  private final ZeebeDb<ZbColumnFamilies> db;
  private final StreamProcessor streamProcessor;
  private final Server grpc;
  private final LongPollingJobActivation longPolling;
  private final ScheduledExecutorService housekeeping;
  private final Path stateDir;
  private final AtomicLong processedPosition = new AtomicLong(-1);
  private final AtomicLong refusedCommands = new AtomicLong();
  private final Map<String, RecordCursor> cursors = new ConcurrentHashMap<>();

  private ZeebeEngine(Settings settings) throws IOException {
    stateDir = settings.stateDir();
    emptyFolder(stateDir);
    housekeeping = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "pulse-engine-housekeeping");
      t.setDaemon(true);
      return t;
    });
    clock = new ControlledActorClock();
    scheduler = ActorScheduler.newActorScheduler()
        .setActorClock(clock)
        .setSchedulerName("pulse-engine")
        .setCpuBoundActorThreadCount(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())))
        .setIoBoundActorThreadCount(1)
        .build();
    scheduler.start();
    storage = new TruncatingLogStorage();
    logStream = LogStream.builder()
        .withPartitionId(PARTITION)
        .withLogName("pulse-engine")
        .withLogStorage(storage)
        .withClock(clock)
        .withRequestLimit(FixedLimit.of(settings.maxUnprocessedCommands()))
        .withMeterRegistry(new SimpleMeterRegistry())
        .build();

    BackPressuredWriter writer = new BackPressuredWriter(logStream.newLogStreamWriter());
    longPolling = new LongPollingJobActivation(null, housekeeping);
    GatewayParts gateway = GatewayParts.create(writer, settings.port(), longPolling::workAvailable);
    writer.gateway = gateway;
    longPolling.bind(gateway);

    RocksDbConfiguration rocks = new RocksDbConfiguration().setMemoryLimit(settings.stateMemoryBytes()).setStatisticsEnabled(false);
    db = new ZeebeRocksDbFactory<ZbColumnFamilies>(
            rocks, new ConsistencyChecksSettings(), new AccessMetricsConfiguration(AccessMetricsConfiguration.Kind.NONE, PARTITION), SimpleMeterRegistry::new)
        .createDb(stateDir.toFile());

    SecurityConfiguration security = new SecurityConfiguration();
    security.getAuthorizations().setEnabled(false);
    streamProcessor = StreamProcessor.builder()
        .logStream(logStream)
        .zeebeDb(db)
        .commandResponseWriter(gateway.responseWriter())
        .partitionCommandSender(gateway.commandSender())
        .listener(new ProcessedPositions())
        .recordProcessors(List.of(new Engine(
            context -> EngineProcessors.createEngineProcessors(
                context,
                1,
                new SubscriptionCommandSender(context.getPartitionId(), gateway.commandSender()),
                gateway.commandSender(),
                FeatureFlags.createDefault(),
                gateway.jobStreamer(),
                SearchClientsProxy.noop(),
                new BrokerRequestAuthorizationConverter(security)),
            new EngineConfiguration(),
            security)))
        .actorSchedulingService(scheduler)
        .clock(new ControllableStreamClockImpl(clock))
        .meterRegistry(new SimpleMeterRegistry())
        .build();
    grpc = ServerBuilder.forPort(settings.port()).addService(longPolling.wrap(gateway.service())).build();
    long every = settings.truncateEvery().toMillis();
    housekeeping.scheduleWithFixedDelay(this::truncate, every, every, TimeUnit.MILLISECONDS);
  }

  /** Builds and starts the engine: the stream processor first, then the gateway. */
  public static ZeebeEngine start(Settings settings) {
    ZeebeEngine engine;
    try {
      engine = new ZeebeEngine(settings);
    } catch (IOException e) {
      throw new UncheckedIOException("The embedded engine's state folder " + settings.stateDir() + " could not be prepared", e);
    }
    try {
      engine.streamProcessor.openAsync(false).join();
      engine.grpc.start();
    } catch (IOException | RuntimeException e) {
      engine.close();
      throw new IllegalStateException("The embedded engine did not start: " + e.getMessage(), e);
    }
    return engine;
  }

  /** Moves the engine's clock forward: due timers fire. */
  public void increaseTime(Duration duration) {
    clock.addTime(duration);
  }

  /**
   * The reader of this name (created at the first kept record when new). Records it has not
   * acknowledged are kept in the log.
   */
  public RecordCursor cursor(String name) {
    return cursors.computeIfAbsent(name, n -> new RecordCursor(n, logStream.newLogStreamReader(), PARTITION));
  }

  /** Drops the log's blocks that the engine has processed and every cursor has read. */
  public int truncate() {
    long below = processedPosition.get() + 1;
    for (RecordCursor c : cursors.values()) {
      below = Math.min(below, c.acknowledged() + 1);
    }
    return below <= 0 ? 0 : storage.truncateBelow(below);
  }

  /** Figures for health, metrics and the benchmark. */
  public Stats stats() {
    return new Stats(storage.blockCount(), storage.byteCount(), storage.truncatedBlockCount(), processedPosition.get(),
        longPolling.attempts(), longPolling.parkedCount(), refusedCommands.get());
  }

  /**
   * @param logBlocks blocks the in-memory log holds now
   * @param logBytes their bytes
   * @param truncatedBlocks blocks dropped since start
   * @param processedPosition the last position the engine processed (the count of records written, near enough)
   * @param activationAttempts job activation commands written (empty polls included)
   * @param parkedActivations activation requests waiting for jobs now
   * @param refusedCommands client commands refused for back-pressure
   */
  public record Stats(int logBlocks, long logBytes, long truncatedBlocks, long processedPosition, long activationAttempts, int parkedActivations, long refusedCommands) {}

  @Override
  public void close() {
    housekeeping.shutdownNow();
    quietly(() -> {
      grpc.shutdownNow();
      grpc.awaitTermination(5, TimeUnit.SECONDS);
    });
    quietly(streamProcessor::close);
    quietly(db::close);
    quietly(logStream::close);
    quietly(() -> scheduler.stop().get(10, TimeUnit.SECONDS));
    quietly(() -> emptyFolder(stateDir));
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void quietly(Step step) {
    try {
      step.run();
    } catch (Exception e) {
      LOG.warn("Stopping the embedded engine: {}", e.toString());
    }
  }

  private static void emptyFolder(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
  }

  /** Keeps the processed position and gives each processed command's slot back to flow control. */
  private final class ProcessedPositions implements StreamProcessorListener {
    @Override
    public void onProcessed(TypedRecord<?> command) {
      logStream.getFlowControl().onProcessed(command.getPosition());
      processedPosition.accumulateAndGet(command.getPosition(), Math::max);
    }

    @Override
    public void onSkipped(LoggedEvent record) {
      processedPosition.accumulateAndGet(record.getPosition(), Math::max);
    }
  }

  /**
   * The gateway writes every client command as "internal", which flow control never refuses; this
   * writes it as the user command it is, so the request limit applies, and answers a refused one
   * with RESOURCE_EXHAUSTED (as Zeebe's gateway does) instead of leaving the caller waiting.
   */
  private final class BackPressuredWriter implements LogStreamWriter {
    private final LogStreamWriter delegate;
    private volatile GatewayParts gateway;

    BackPressuredWriter(LogStreamWriter delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean canWriteEvents(int eventCount, int batchSize) {
      return delegate.canWriteEvents(eventCount, batchSize);
    }

    @Override
    public Either<WriteFailure, Long> tryWrite(WriteContext context, List<LogAppendEntry> entries, long sourcePosition) {
      RecordMetadata metadata = entries.size() == 1 ? entries.get(0).recordMetadata() : null;
      boolean fromClient = metadata != null && metadata.getRecordType() == RecordType.COMMAND && metadata.getRequestId() > 0;
      WriteContext effective = fromClient ? WriteContext.userCommand(metadata.getIntent()) : context;
      Either<WriteFailure, Long> result = delegate.tryWrite(effective, entries, sourcePosition);
      if (result.isLeft() && fromClient) {
        refusedCommands.incrementAndGet();
        Status status = result.getLeft() == WriteFailure.CLOSED
            ? Status.UNAVAILABLE.withDescription("The embedded engine is shutting down")
            : Status.RESOURCE_EXHAUSTED.withDescription(
                "The embedded engine is at its limit of unprocessed commands (" + result.getLeft() + "); try again shortly");
        gateway.fail(metadata.getRequestId(), status.asRuntimeException());
      } else if (result.isLeft()) {
        LOG.warn("The embedded engine refused an internal command: {}", result.getLeft());
      }
      return result;
    }
  }
}
