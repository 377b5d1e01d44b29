package dev.pulse.platform.embedded;

import java.nio.file.Path;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Where and how the embedded stack runs. Read straight from the {@link Environment} because the
 * stack starts before any bean (and so before {@code @ConfigurationProperties} binding).
 *
 * <p>A port of 0 means "pick a free loopback port" (used by the tests).
 */
public record EmbeddedSettings(
    Path dataDir,
    String host,
    boolean postgresEnabled,
    int postgresPort,
    String postgresDatabase,
    boolean kafkaEnabled,
    int kafkaPort,
    int kafkaControllerPort,
    boolean zeebeEnabled,
    int zeebePort,
    boolean mailEnabled,
    int mailPort,
    long zeebeStateMemoryMb,
    int zeebeMaxUnprocessedCommands,
    boolean zeebeRecordHistory) {

  public static final String MODE_PROPERTY = "pulse.runtime.mode";

  /** True unless {@code pulse.runtime.mode=external}. */
  public static boolean embeddedMode(Environment env) {
    return dev.pulse.platform.RuntimeMode.embedded(env);
  }

  public static EmbeddedSettings from(Environment env) {
    Binder binder = Binder.get(env);
    String prefix = "pulse.runtime.embedded.";
    return new EmbeddedSettings(
        Path.of(env.getProperty("pulse.runtime.data-dir", "./data")).toAbsolutePath().normalize(),
        "127.0.0.1",
        binder.bind(prefix + "postgres.enabled", Boolean.class).orElse(true),
        binder.bind(prefix + "postgres.port", Integer.class).orElse(15432),
        binder.bind(prefix + "postgres.database", String.class).orElse("pulse"),
        binder.bind(prefix + "kafka.enabled", Boolean.class).orElse(true),
        binder.bind(prefix + "kafka.port", Integer.class).orElse(19092),
        binder.bind(prefix + "kafka.controller-port", Integer.class).orElse(19093),
        binder.bind(prefix + "zeebe.enabled", Boolean.class).orElse(true),
        binder.bind(prefix + "zeebe.port", Integer.class).orElse(26500),
        binder.bind(prefix + "mail.enabled", Boolean.class).orElse(true),
        binder.bind(prefix + "mail.port", Integer.class).orElse(3025),
        binder.bind(prefix + "zeebe.state-memory-mb", Long.class).orElse(128L),
        binder.bind(prefix + "zeebe.max-unprocessed-commands", Integer.class).orElse(1000),
        binder.bind(prefix + "zeebe.record-history", Boolean.class).orElse(false));
  }

  public Path postgresDir() {
    return dataDir.resolve("postgres");
  }

  /** The embedded PostgreSQL's superuser password, generated on first start, owner-only. */
  public Path postgresPasswordFile() {
    return dataDir.resolve("secrets").resolve("postgres-password");
  }

  public Path kafkaDir() {
    return dataDir.resolve("kafka");
  }
}
