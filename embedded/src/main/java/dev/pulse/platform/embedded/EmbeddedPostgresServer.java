package dev.pulse.platform.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky's binaries) on loopback, data kept under {@code dir}, with
 * fsync and synchronous commit on: Pulse keeps business records in it, so a crash must not lose
 * committed rows.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final String host;
  private final String database;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, String host, String database) {
    this.postgres = postgres;
    this.host = host;
    this.database = database;
  }

  static EmbeddedPostgresServer start(Path dir, String host, int port, String database)
      throws IOException, SQLException {
    Files.createDirectories(dir);
    stopOrphanedPostmaster(dir);
    Ports.requireFree(host, port, "PostgreSQL", "pulse.runtime.embedded.postgres.port");
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPort(port)
            .setPGStartupWait(Duration.ofSeconds(90))
            // zonky turns durability off for throw-away test databases; Pulse's data is real
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("listen_addresses", host)
            .setServerConfig("max_connections", "100")
            .start();
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, host, database);
    server.createDatabaseIfMissing();
    return server;
  }

  /**
   * After a kill -9 of the JVM, the postmaster it started keeps running and holds the port and
   * the data directory. Stop it (smart shutdown; its clients died with the JVM) so this start
   * gets a server with the configuration asked for.
   */
  static void stopOrphanedPostmaster(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (handle.isEmpty() || !isPostgres(handle.get())) {
      return; // a stale pid file: PostgreSQL itself handles that
    }
    LOG.warn(
        "Stopping orphaned PostgreSQL postmaster (pid {}) left running in {} by an unclean stop",
        pid,
        dir);
    ProcessHandle postmaster = handle.get();
    postmaster.destroy();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (postmaster.isAlive() && System.nanoTime() < deadline) {
      try {
        postmaster.onExit().get(1, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // keep waiting until the deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping the orphaned postmaster", e);
      } catch (java.util.concurrent.ExecutionException e) {
        break;
      }
    }
    if (postmaster.isAlive()) {
      LOG.warn("Orphaned postmaster {} ignored a smart shutdown; killing it (WAL recovery follows)", pid);
      postmaster.destroyForcibly();
      postmaster.onExit().join();
    }
  }

  private static boolean isPostgres(ProcessHandle process) {
    return process.info().command().map(c -> c.contains("postgres")).orElse(true);
  }

  private void createDatabaseIfMissing() throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement create = c.createStatement()) {
        create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
      }
      LOG.info("Created database {}", database);
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + postgres.getPort() + "/" + database;
  }

  int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
