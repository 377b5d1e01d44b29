package dev.pulse.platform.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
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
 * committed rows. It trusts nobody: the superuser gets a password generated on first start and
 * kept in a file only its owner can read, and every {@code trust} line of {@code pg_hba.conf}
 * becomes {@code scram-sha-256} (initdb writes trust; zonky cannot ask otherwise).
 */
final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final String host;
  private final String database;
  private final String password;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, String host, String database, String password) {
    this.postgres = postgres;
    this.host = host;
    this.database = database;
    this.password = password;
  }

  static EmbeddedPostgresServer start(Path dir, Path passwordFile, String host, int port, String database)
      throws IOException, SQLException {
    Files.createDirectories(dir);
    stopOrphanedPostmaster(dir);
    Ports.requireFree(host, port, "PostgreSQL", "pulse.runtime.embedded.postgres.port");
    String password = password(passwordFile, dir);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setConnectConfig("password", password)
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
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, host, database, password);
    server.lockDown(dir);
    server.createDatabaseIfMissing();
    return server;
  }

  /**
   * The superuser's password: read from the file, or generated into it (owner-only, in an
   * owner-only folder) on first start. A data directory already locked down whose file is gone
   * cannot be opened: say so at once rather than after zonky's start timeout.
   */
  static String password(Path file, Path dataDir) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    Path hba = dataDir.resolve("pg_hba.conf");
    if (Files.exists(hba) && Files.readString(hba).contains("scram-sha-256")) {
      throw new IllegalStateException("The embedded PostgreSQL in " + dataDir + " requires the password kept in " + file
          + ", which is missing: restore that file (from a backup of the data folder), or start with a new data folder");
    }
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    ownerOnly(folder, "rwx------");
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path temporary = Files.createTempFile(folder, "postgres-password", ".tmp");
    ownerOnly(temporary, "rw-------");
    Files.writeString(temporary, generated + "\n");
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    LOG.info("Generated the embedded PostgreSQL password into {} (readable by its owner only)", file);
    return generated;
  }

  private static void ownerOnly(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException notPosix) {
      LOG.warn("Cannot restrict {} to its owner on this file system; protect it yourself", path);
    }
  }

  /** Sets the password and turns every trust line into password authentication; idempotent. */
  private void lockDown(Path dir) throws IOException, SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      // the password is base64url: nothing to escape
      s.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
      Path hba = dir.resolve("pg_hba.conf");
      String conf = Files.readString(hba);
      StringBuilder locked = new StringBuilder();
      for (String line : conf.split("\n", -1)) {
        locked.append(line.startsWith("#") ? line : line.replaceAll("\\btrust(\\s*)$", "scram-sha-256$1")).append('\n');
      }
      String result = locked.substring(0, locked.length() - 1);
      if (!result.equals(conf)) {
        Files.writeString(hba, result);
        s.execute("SELECT pg_reload_conf()");
        LOG.info("Embedded PostgreSQL: trust authentication replaced by scram-sha-256 in {}", hba);
      }
    }
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

  String password() {
    return password;
  }

  int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
