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
    Path jar = Path.of(System.getProperty("pulse.jar", "target/pulse-embedded.jar")).toAbsolutePath();
    assertThat(jar).exists();
    JarServer.Ports ports = JarServer.Ports.free();
    List<String> report = new ArrayList<>();

    JarServer first = JarServer.start(jar, data, ports);
    long firstHealthyMs = first.awaitHealthy(http, Duration.ofSeconds(120));
    long javaRssKb = rssKb(first.process().pid());
    long postgresRssKb = postgresRssKb(data);
    report.add(String.format(Locale.ROOT, "cold start to health UP: %d ms", firstHealthyMs));
    report.add(String.format(Locale.ROOT, "resident memory: java %d MB, postgres %d MB", javaRssKb / 1024, postgresRssKb / 1024));
    // no default password: the first start printed a one-time admin key, and nothing works without a key
    String adminKey = JarServer.printedAdminKey(first.log());
    assertThat(post(ports.http(), "/api/processes/no-such-process/instances", "{}", null)).contains("\"status\":401");
    String instance =
        post(ports.http(), "/api/processes/no-such-process/instances", "{}", adminKey); // 404 path touches the engine
    assertThat(instance).contains("no-such-process");
    sql(ports, "CREATE TABLE IF NOT EXISTS jar_check (id INT PRIMARY KEY)");
    sql(ports, "INSERT INTO jar_check VALUES (7)");

    first.process().destroyForcibly(); // SIGKILL
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

    JarServer second = JarServer.start(jar, data, ports);
    long secondHealthyMs = second.awaitHealthy(http, Duration.ofSeconds(120));
    report.add(String.format(Locale.ROOT, "start after SIGKILL to health UP: %d ms", secondHealthyMs));
    assertThat(count(ports, "SELECT count(*) FROM jar_check WHERE id = 7")).isEqualTo(1);
    assertThat(Files.readString(second.log())).as("the admin key is printed once, on the first start only").doesNotContain("No admin API key existed");
    assertThat(post(ports.http(), "/api/processes/no-such-process/instances", "{}", adminKey)).as("the printed key still works").contains("no-such-process");

    // the production jar, in external mode, as a second replica on this server's database, broker and engine
    ProductionJarIT.runsBeside(ports, data, adminKey, http);

    second.process().destroy(); // SIGTERM
    assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s of SIGTERM").isTrue();
    String log = Files.readString(second.log());
    assertThat(log).contains("Embedded stack stopped");
    assertThat(log).as("job handlers drained before the stack went down").contains("Jobs in flight finished before shutdown");
    assertThat(postgresRssKb(data)).as("no postgres process left behind").isZero();

    Path reportFile = Path.of("target", "startup-report.txt");
    Files.write(reportFile, report);
    report.forEach(line -> System.out.println("[startup-report] " + line));
  }

  private String post(int port, String path, String body, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
  }


  private static void sql(JarServer.Ports ports, String statement) throws Exception {
    try (Connection c = connect(ports)) {
      c.createStatement().execute(statement);
    }
  }

  private static int count(JarServer.Ports ports, String select) throws Exception {
    try (Connection c = connect(ports); ResultSet rs = c.createStatement().executeQuery(select)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Connection connect(JarServer.Ports ports) throws Exception {
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
}
