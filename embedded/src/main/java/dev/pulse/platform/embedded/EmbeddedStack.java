package dev.pulse.platform.embedded;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL, Kafka and the Zeebe engine, started together on loopback before the application
 * context, stopped after it.
 *
 * <p>One stack per settings per JVM: every Spring context with the same settings (the test
 * suite's cached contexts, for one) shares it, and the last one to close stops it.
 */
public final class EmbeddedStack {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);
  private static final Map<EmbeddedSettings, EmbeddedStack> RUNNING = new HashMap<>();

  private final EmbeddedSettings settings;
  private final EmbeddedPostgresServer postgres;
  private final EmbeddedKafkaServer kafka;
  private final EmbeddedZeebeEngine zeebe;
  private final EmbeddedMailServer mail;
  private int users;

  private EmbeddedStack(
      EmbeddedSettings settings,
      EmbeddedPostgresServer postgres,
      EmbeddedKafkaServer kafka,
      EmbeddedZeebeEngine zeebe,
      EmbeddedMailServer mail) {
    this.settings = settings;
    this.postgres = postgres;
    this.kafka = kafka;
    this.zeebe = zeebe;
    this.mail = mail;
  }

  /** The running stack for these settings, started if none is. Pair with {@link #release()}. */
  public static synchronized EmbeddedStack acquire(EmbeddedSettings settings) {
    EmbeddedStack stack = RUNNING.get(settings);
    if (stack == null) {
      stack = start(settings);
      RUNNING.put(settings, stack);
    }
    stack.users++;
    return stack;
  }

  /** Stops the stack once its last user let go of it. */
  public void release() {
    synchronized (EmbeddedStack.class) {
      if (--users > 0) {
        return;
      }
      RUNNING.remove(settings);
    }
    stop();
  }

  /** Starts the enabled parts in parallel; if one fails, the others are stopped again. */
  public static EmbeddedStack start(EmbeddedSettings s) {
    long began = System.nanoTime();
    ownerOnly(s.dataDir());
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "pulse-embedded-start"));
    try {
      CompletableFuture<EmbeddedPostgresServer> pg =
          s.postgresEnabled()
              ? CompletableFuture.supplyAsync(
                  unchecked(() -> EmbeddedPostgresServer.start(s.postgresDir(), s.postgresPasswordFile(), s.host(), Ports.resolve(s.postgresPort()), s.postgresDatabase())),
                  pool)
              : CompletableFuture.completedFuture(null);
      CompletableFuture<EmbeddedKafkaServer> kafka =
          s.kafkaEnabled()
              ? CompletableFuture.supplyAsync(
                  unchecked(() -> EmbeddedKafkaServer.start(s.kafkaDir(), s.host(), Ports.resolve(s.kafkaPort()), Ports.resolve(s.kafkaControllerPort()))),
                  pool)
              : CompletableFuture.completedFuture(null);
      CompletableFuture<EmbeddedZeebeEngine> zeebe =
          s.zeebeEnabled()
              ? CompletableFuture.supplyAsync(
                  unchecked(() -> EmbeddedZeebeEngine.start(s, Ports.resolve(s.zeebePort()))), pool)
              : CompletableFuture.completedFuture(null);
      CompletableFuture<EmbeddedMailServer> mail =
          s.mailEnabled()
              ? CompletableFuture.supplyAsync(() -> EmbeddedMailServer.start(s.host(), Ports.resolve(s.mailPort())), pool)
              : CompletableFuture.completedFuture(null);
      try {
        CompletableFuture.allOf(pg, kafka, zeebe, mail).join();
      } catch (CompletionException e) {
        List<AutoCloseable> started = new ArrayList<>();
        for (CompletableFuture<? extends AutoCloseable> f : List.of(mail, zeebe, kafka, pg)) {
          if (f.isDone() && !f.isCompletedExceptionally() && f.join() != null) {
            started.add(f.join());
          }
        }
        started.forEach(EmbeddedStack::closeQuietly);
        Throwable cause = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
        throw new IllegalStateException(
            "Pulse's embedded stack did not start: " + cause.getMessage(), cause);
      }
      EmbeddedStack stack = new EmbeddedStack(s, pg.join(), kafka.join(), zeebe.join(), mail.join());
      LOG.info(
          "Embedded stack up in {} ms: {} (data in {})",
          (System.nanoTime() - began) / 1_000_000,
          stack.loggable(),
          s.dataDir());
      return stack;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * The data folder holds every record, Kafka's log and the secrets: only the user Pulse runs as
   * may enter it (PostgreSQL's own folder inside is owner-only already).
   */
  private static void ownerOnly(java.nio.file.Path dataDir) {
    try {
      java.nio.file.Files.createDirectories(dataDir);
      java.nio.file.Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException | java.io.IOException e) {
      LOG.warn("Could not make {} readable by its owner only ({}); protect it yourself", dataDir, e.getMessage());
    }
  }

  /** Stops the engine first, then Kafka, then PostgreSQL. */
  public void stop() {
    long began = System.nanoTime();
    if (mail != null) {
      closeQuietly(mail);
    }
    if (zeebe != null) {
      closeQuietly(zeebe);
    }
    if (kafka != null) {
      closeQuietly(kafka);
    }
    if (postgres != null) {
      closeQuietly(postgres);
    }
    LOG.info("Embedded stack stopped in {} ms", (System.nanoTime() - began) / 1_000_000);
  }

  /** The properties without the secrets, for the log. */
  Map<String, Object> loggable() {
    Map<String, Object> p = new LinkedHashMap<>(properties());
    p.computeIfPresent("spring.datasource.password", (k, v) -> "(in " + settings.postgresPasswordFile() + ")");
    return p;
  }

  /** The Spring properties that point the application at this stack. */
  public Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    if (postgres != null) {
      p.put("spring.datasource.url", postgres.jdbcUrl());
      p.put("spring.datasource.username", EmbeddedPostgresServer.USER);
      p.put("spring.datasource.password", postgres.password());
    }
    if (kafka != null) {
      p.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    }
    if (zeebe != null) {
      p.put("camunda.client.mode", "self-managed");
      p.put("camunda.client.grpc-address", zeebe.grpcAddress());
      // the embedded engine serves gRPC only; the REST address is never called (prefer-rest is off)
      p.put("camunda.client.rest-address", zeebe.grpcAddress());
      p.put("camunda.client.prefer-rest-over-grpc", "false");
    }
    if (mail != null) {
      p.put("spring.mail.host", mail.host());
      p.put("spring.mail.port", String.valueOf(mail.port()));
      p.put("pulse.mail.embedded", "true");
    }
    return p;
  }

  /** The loopback SMTP server that receives what Pulse sends, or null when it is not embedded. */
  public EmbeddedMailServer mail() {
    return mail;
  }

  public EmbeddedSettings settings() {
    return settings;
  }

  /** The in-process engine, or null when it is not embedded. */
  public EmbeddedZeebeEngine zeebe() {
    return zeebe;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("Stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
    }
  }

  private interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  private static <T> java.util.function.Supplier<T> unchecked(ThrowingSupplier<T> s) {
    return () -> {
      try {
        return s.get();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    };
  }
}
