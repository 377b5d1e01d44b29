package dev.pulse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The settings every Spring test in this JVM shares: one fresh data directory, free loopback
 * ports, and a processes folder holding the analysts' real BPMN files plus the test fixtures. Set
 * as system properties once, before the first context starts, so that every context with the
 * same configuration reuses one embedded stack.
 */
public final class TestStack {

  private static Path processesDir;
  private static Path rulesDir;

  /** The admin key the shared context adopts at start (pulse.security.bootstrap-admin-key); the tests' REST calls send it. */
  public static final String ADMIN_KEY = "pulse_testadmin001_" + "A".repeat(43);

  /** Signs the test's OIDC tokens; the shared context trusts its public key. */
  private static java.security.KeyPair tokenKeys;

  private TestStack() {}

  public static synchronized void configure() {
    if (processesDir != null) {
      return;
    }
    try {
      Path runDir = Files.createDirectories(Path.of("stacks").toAbsolutePath());
      Path dataDir = Files.createTempDirectory(runDir, "data-");
      processesDir = Files.createDirectories(dataDir.resolve("processes"));
      copyBpmn(repoDir().resolve("processes"), processesDir);
      copyBpmn(repoDir().resolve("embedded/src/test/resources/test-processes"), processesDir);
      System.setProperty("pulse.runtime.data-dir", dataDir.toString());
      System.setProperty("pulse.runtime.embedded.postgres.port", "0");
      System.setProperty("pulse.runtime.embedded.kafka.port", "0");
      System.setProperty("pulse.runtime.embedded.kafka.controller-port", "0");
      System.setProperty("pulse.runtime.embedded.zeebe.port", "0");
      System.setProperty("pulse.runtime.embedded.mail.port", "0");
      // tests read the engine's whole record stream (what ran, what did not); production keeps none of it
      System.setProperty("pulse.runtime.embedded.zeebe.record-history", "true");
      System.setProperty("pulse.processes.dir", processesDir.toString());
      // every test calls the public endpoints from 127.0.0.1; PublicEndpointGuardTest checks the limit itself
      System.setProperty("pulse.security.public.burst", "1000000");
      System.setProperty("pulse.security.public.per-minute", "1000000");
      System.setProperty("pulse.outbound.retry-backoff", "500ms"); // outage tests wait for retries
      System.setProperty("pulse.surveys.time-check", "2s"); // time-threshold tests wait for the due-time poller
      System.setProperty("pulse.security.bootstrap-admin-key", ADMIN_KEY);
      tokenKeys = java.security.KeyPairGenerator.getInstance("RSA").genKeyPair();
      Path publicKey = dataDir.resolve("oidc-public-key.pem");
      Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
          + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(tokenKeys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
      System.setProperty("spring.security.oauth2.resourceserver.jwt.public-key-location", publicKey.toUri().toString());
      rulesDir = copyRules(dataDir.resolve("rules"));
      System.setProperty("pulse.rules.dir", rulesDir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key pair whose private half signs test tokens the shared context accepts. */
  public static synchronized java.security.KeyPair tokenKeys() {
    configure();
    return tokenKeys;
  }

  /** The shared context's rules folder: a copy of the repository's rules/ that tests may edit (and restore). */
  public static synchronized Path rulesDir() {
    configure();
    return rulesDir;
  }

  /** The repository root (surefire passes it; else found from the working directory). */
  public static Path repoDir() {
    String configured = System.getProperty("pulse.repo.dir");
    if (configured != null) {
      return Path.of(configured);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("processes"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** A private copy of the repository's rules/ (tests may edit it). */
  public static Path copyRules(Path to) throws IOException {
    Path from = repoDir().resolve("rules");
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return to;
  }

  private static void copyBpmn(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
