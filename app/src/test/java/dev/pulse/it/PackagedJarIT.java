package dev.pulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, run as a user runs it ({@code java -jar pulse.jar}, embedded mode): it comes
 * up healthy, survives a SIGKILL (the next start recovers its PostgreSQL and Kafka data), and
 * stops cleanly on SIGTERM. Measures the time to healthy and the resident memory and writes them
 * to {@code target/startup-report.txt}.
 */
class PackagedJarIT {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void theJarStartsHealthyRecoversFromSigkillAndStopsOnSigterm(@TempDir Path data) throws Exception {
    Path jar = Path.of(System.getProperty("pulse.jar", "target/pulse.jar")).toAbsolutePath();
    assertThat(jar).exists();
    Ports ports = new Ports(free(), free(), free(), free(), free(), free());
    List<String> report = new ArrayList<>();

    Server first = Server.start(jar, data, ports);
    long firstHealthyMs = first.awaitHealthy(http, Duration.ofSeconds(120));
    long javaRssKb = rssKb(first.process.pid());
    long postgresRssKb = postgresRssKb(data);
    report.add(String.format(Locale.ROOT, "cold start to health UP: %d ms", firstHealthyMs));
    report.add(String.format(Locale.ROOT, "resident memory: java %d MB, postgres %d MB", javaRssKb / 1024, postgresRssKb / 1024));
    String instance =
        post(ports.http(), "/api/processes/no-such-process/instances", "{}"); // 404 path touches the engine
    assertThat(instance).contains("no-such-process");
    sql(ports, "CREATE TABLE IF NOT EXISTS jar_check (id INT PRIMARY KEY)");
    sql(ports, "INSERT INTO jar_check VALUES (7)");

    first.process.destroyForcibly(); // SIGKILL
    assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Server second = Server.start(jar, data, ports);
    long secondHealthyMs = second.awaitHealthy(http, Duration.ofSeconds(120));
    report.add(String.format(Locale.ROOT, "start after SIGKILL to health UP: %d ms", secondHealthyMs));
    assertThat(count(ports, "SELECT count(*) FROM jar_check WHERE id = 7")).isEqualTo(1);

    second.process.destroy(); // SIGTERM
    assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s of SIGTERM").isTrue();
    String log = Files.readString(second.log);
    assertThat(log).contains("Embedded stack stopped");
    assertThat(postgresRssKb(data)).as("no postgres process left behind").isZero();

    Path reportFile = Path.of("target", "startup-report.txt");
    Files.write(reportFile, report);
    report.forEach(line -> System.out.println("[startup-report] " + line));
  }

  record Ports(int http, int postgres, int kafka, int controller, int zeebe, int mail) {}

  record Server(Process process, Path log) {

    static Server start(Path jar, Path data, Ports ports) throws IOException {
      Path log = Files.createTempFile(data.getParent(), "pulse-jar-", ".log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process =
          new ProcessBuilder(
                  java,
                  "-XX:+UseParallelGC",
                  "-jar",
                  jar.toString(),
                  "--server.port=" + ports.http(),
                  "--pulse.runtime.data-dir=" + data,
                  "--pulse.runtime.embedded.postgres.port=" + ports.postgres(),
                  "--pulse.runtime.embedded.kafka.port=" + ports.kafka(),
                  "--pulse.runtime.embedded.kafka.controller-port=" + ports.controller(),
                  "--pulse.runtime.embedded.zeebe.port=" + ports.zeebe(),
                  "--pulse.runtime.embedded.mail.port=" + ports.mail(),
                  "--pulse.processes.dir=" + data.resolve("no-processes-here"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new Server(process, log);
    }

    long awaitHealthy(HttpClient http, Duration timeout) throws Exception {
      long began = System.nanoTime();
      int port = Integer.parseInt(process.info().arguments().stream().flatMap(java.util.Arrays::stream)
          .filter(a -> a.startsWith("--server.port=")).findFirst().orElseThrow().substring("--server.port=".length()));
      HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).timeout(Duration.ofSeconds(5)).build();
      try {
        org.awaitility.Awaitility.await("Pulse healthy")
            .atMost(timeout)
            .pollInterval(Duration.ofMillis(200))
            .until(() -> {
              if (!process.isAlive()) {
                throw new AssertionError("Pulse exited with " + process.exitValue() + ":\n" + Files.readString(log));
              }
              try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 && response.body().startsWith("{\"status\":\"UP\"");
              } catch (IOException notListeningYet) {
                return false;
              }
            });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        process.destroyForcibly();
        throw new AssertionError("Pulse was not healthy within " + timeout + ":\n" + Files.readString(log), e);
      }
      return (System.nanoTime() - began) / 1_000_000;
    }
  }

  private String post(int port, String path, String body) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void sql(Ports ports, String statement) throws Exception {
    try (Connection c = connect(ports)) {
      c.createStatement().execute(statement);
    }
  }

  private static int count(Ports ports, String select) throws Exception {
    try (Connection c = connect(ports); ResultSet rs = c.createStatement().executeQuery(select)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Connection connect(Ports ports) throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/pulse", "postgres", "");
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }

  /** Resident memory of the postgres processes serving this data directory. */
  private static long postgresRssKb(Path data) {
    String dir = data.resolve("postgres").toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains("postgres")).orElse(false))
        .filter(p -> isPostmasterOrChildOf(p, dir))
        .mapToLong(p -> {
          try {
            return rssKb(p.pid());
          } catch (IOException e) {
            return 0;
          }
        })
        .sum();
  }

  private static boolean isPostmasterOrChildOf(ProcessHandle p, String dir) {
    if (p.info().commandLine().map(c -> c.contains(dir)).orElse(false)) {
      return true;
    }
    return p.parent().flatMap(parent -> parent.info().commandLine()).map(c -> c.contains(dir)).orElse(false);
  }

  private static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
