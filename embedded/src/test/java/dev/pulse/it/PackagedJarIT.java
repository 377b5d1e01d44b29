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

  /** The data folder of the server under test (its PostgreSQL password is in it). */
  private Path dataDir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void theJarStartsHealthyRecoversFromSigkillAndStopsOnSigterm(@TempDir Path data) throws Exception {
    this.dataDir = data;
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
    // the last admin key cannot be revoked: 409, and it keeps working
    String adminId = adminKey.substring("pulse_".length(), "pulse_".length() + 12);
    HttpResponse<String> lastAdmin = send(ports.http(), "DELETE", "/api/keys/" + adminId, null, adminKey);
    assertThat(lastAdmin.statusCode()).as(lastAdmin.body()).isEqualTo(409);
    assertThat(lastAdmin.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(lastAdmin.body()).contains("last active ADMIN key");
    assertThat(post(ports.http(), "/api/processes/no-such-process/instances", "{}", adminKey)).contains("no-such-process");
    sql(ports, "CREATE TABLE IF NOT EXISTS jar_check (id INT PRIMARY KEY)");
    sql(ports, "INSERT INTO jar_check VALUES (7)");

    // history: 2,000 open deliveries whose instances die with this engine
    String surveyJson = send(ports.http(), "POST", "/api/surveys", "{\"name\":\"History\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\"}", adminKey).body();
    String historySurvey = surveyJson.replaceAll("(?s)^.*?\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    sql(ports, "INSERT INTO deliveries (id, survey_id, contact_id, channel, status, send_after)"
        + " SELECT 'history-' || g, '" + historySurvey + "', 'history-' || g, 'EMAIL', 'SCHEDULED', now() + interval '60 days' FROM generate_series(1, 2000) g");

    // a process deployed through the API in two versions; then an analyst leaves a broken copy of
    // it in the processes folder the next start reads
    String good = Files.readString(Path.of("src/test/resources/test-processes/monitoring-flaky.bpmn"));
    for (String label : List.of("Call the service", "Call the service again")) {
      String version = good.replace("id=\"monitoring-flaky\"", "id=\"jar-repair\"").replace("name=\"Call the flaky service\"", "name=\"" + label + "\"");
      HttpResponse<String> deployed = send(ports.http(), "POST", "/api/deployments",
          new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("kind", "BPMN").put("name", "jar-repair.bpmn").put("content", version).toString(), adminKey);
      assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
    }
    Path folder = Files.createDirectories(data.resolve("processes"));
    try (var shipped = Files.list(Path.of("..", "processes"))) {
      for (Path file : shipped.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
        Files.copy(file, folder.resolve(file.getFileName()));
      }
    }
    Files.writeString(folder.resolve("jar-repair.bpmn"), good.replace("id=\"monitoring-flaky\"", "id=\"jar-repair\"").replace("<zeebe:taskDefinition type=\"monitoring-flaky\" retries=\"2\" />", ""));

    // access lost anyway, outside the API (every admin key revoked in the database): the next
    // start is the way back in, and prints a new admin key
    sql(ports, "UPDATE api_keys SET revoked_at = now() WHERE revoked_at IS NULL");
    first.process().destroyForcibly(); // SIGKILL
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

    JarServer second = JarServer.start(jar, data, ports, "--pulse.processes.dir=" + data.resolve("processes"));
    long secondHealthyMs = second.awaitHealthy(http, Duration.ofSeconds(120));
    int resumedAtReady = count(ports, "SELECT count(*) FROM deliveries WHERE id LIKE 'history-%' AND process_instance_key IS NOT NULL");
    report.add(String.format(Locale.ROOT, "start after SIGKILL to health UP: %d ms, with 2,000 open deliveries to resume (%d resumed by then)", secondHealthyMs, resumedAtReady));
    // restart time does not grow with history: ready before the open records are resumed, which goes on in the background
    assertThat(resumedAtReady).as("deliveries resumed when health was UP").isLessThan(2000);

    assertThat(count(ports, "SELECT count(*) FROM jar_check WHERE id = 7")).isEqualTo(1);
    assertThat(post(ports.http(), "/api/processes/no-such-process/instances", "{}", adminKey)).as("the revoked key").contains("\"status\":401");
    String recovered = JarServer.printedAdminKey(second.log());
    assertThat(recovered).isNotEqualTo(adminKey);
    assertThat(post(ports.http(), "/api/processes/no-such-process/instances", "{}", recovered)).as("the new key works").contains("no-such-process");
    adminKey = recovered;

    // the refused file did not take its process with it: the last good version runs, and history, diff and rollback survived
    HttpResponse<String> processes = send(ports.http(), "GET", "/api/processes", null, adminKey);
    assertThat(processes.body()).contains("jar-repair.bpmn").contains("the last good version (jar-repair v2) keeps running");
    HttpResponse<String> started = send(ports.http(), "POST", "/api/processes/jar-repair/instances", "{\"orderId\":\"after-restart\"}", adminKey);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    HttpResponse<String> diff = send(ports.http(), "GET", "/api/deployments/diff?kind=BPMN&processId=jar-repair&from=1&to=2", null, adminKey);
    assertThat(diff.statusCode()).as(diff.body()).isEqualTo(200);
    assertThat(diff.body()).contains("Call the service again");
    HttpResponse<String> rolledBack = send(ports.http(), "POST", "/api/deployments/rollback", "{\"kind\":\"BPMN\",\"processId\":\"jar-repair\",\"version\":1}", adminKey);
    assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(201);

    // every operation of the API document, with generated and mutated input: no 5xx, every 4xx
    // problem+json, every status listed in the document, every body as its schema says
    ApiFuzz fuzz = new ApiFuzz(http, ports.http(), adminKey, 20261203L);
    java.util.Map<String, List<ApiFuzz.Finding>> findings = fuzz.run(12);
    report.add(String.format(Locale.ROOT, "API fuzz: %d calls, %d operations broke a property", fuzz.calls(), findings.size()));
    assertThat(findings).as("operations whose answers to generated input break a property:\n"
        + findings.values().stream().map(f -> f.get(0) + " (" + f.size() + " of 12)").collect(java.util.stream.Collectors.joining("\n"))).isEmpty();

    // the production jar, in external mode, as a second replica on this server's database, broker and engine
    ProductionJarIT.runsBeside(ports, data, adminKey, http);

    // meanwhile the background reconciliation went on: every one of the 2,000 is resumed
    org.awaitility.Awaitility.await("all 2,000 resumed in the background").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
        .until(() -> count(ports, "SELECT count(*) FROM deliveries WHERE id LIKE 'history-%' AND process_instance_key IS NOT NULL") == 2000);

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

  private HttpResponse<String> send(int port, String method, String path, String body, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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


  private void sql(JarServer.Ports ports, String statement) throws Exception {
    try (Connection c = connect(ports)) {
      c.createStatement().execute(statement);
    }
  }

  private int count(JarServer.Ports ports, String select) throws Exception {
    try (Connection c = connect(ports); ResultSet rs = c.createStatement().executeQuery(select)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private Connection connect(JarServer.Ports ports) throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/pulse", "postgres", JarServer.postgresPassword(dataDir));
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
