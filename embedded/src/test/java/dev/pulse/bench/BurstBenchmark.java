package dev.pulse.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A burst against the packaged server, as a service misbehaving or a campaign's answers arriving
 * at once would send it: B engine commands (message publications, the cheapest thing that grows
 * the engine's state) from C client threads, then A survey answers at once. Measured on the
 * server process: its resident memory before and at its peak, how many calls were refused with
 * 503 + Retry-After (back-pressure) and how many failed otherwise, and, for the answers, how long
 * until every one was classified (the backlog drained).
 *
 * <p>Configurations side by side: {@code pulse} (the default back-pressure, at most
 * {@code max-unprocessed-commands} = 1000 waiting), the baseline {@code unbounded} (the limit set
 * so high it never refuses, as before issue 14), and {@code tight} (a limit of 16 that the burst
 * reaches, to show the refusals).
 *
 * <pre>
 * ./mvnw -pl embedded -am package -DskipTests
 * ./mvnw -pl embedded test-compile exec:exec@burst-bench -Dbench.config=pulse
 * ./mvnw -pl embedded test-compile exec:exec@burst-bench -Dbench.config=unbounded
 * </pre>
 */
public final class BurstBenchmark {

  private static final String KEY = "pulse_burstbench01_" + "B".repeat(43);
  private static final Pattern LINK = Pattern.compile("/r/([A-Za-z0-9_.-]+)\\?score=1\"");

  public static void main(String[] args) throws Exception {
    String config = System.getProperty("bench.config", "pulse");
    int burst = Integer.getInteger("bench.burst", 2000);
    int answers = Integer.getInteger("bench.answers", 1000);
    int clients = Integer.getInteger("bench.clients", 64);
    Path jar = Path.of(System.getProperty("pulse.jar", "target/pulse-embedded.jar")).toAbsolutePath();
    Path data = Files.createTempDirectory("pulse-burst-");
    int http = free();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseParallelGC", "-jar", jar.toString(),
        "--server.port=" + http, "--pulse.runtime.data-dir=" + data,
        "--pulse.runtime.embedded.postgres.port=" + free(), "--pulse.runtime.embedded.kafka.port=" + free(),
        "--pulse.runtime.embedded.kafka.controller-port=" + free(), "--pulse.runtime.embedded.zeebe.port=" + free(),
        "--pulse.runtime.embedded.mail.port=" + free(), "--pulse.security.bootstrap-admin-key=" + KEY,
        "--pulse.public-url=http://127.0.0.1:" + http,
        // the answers come from one client here, from a thousand customers in life: no per-client limit
        "--pulse.security.public.burst=1000000", "--pulse.security.public.per-minute=1000000"));
    switch (config) {
      case "unbounded" -> command.add("--pulse.runtime.embedded.zeebe.max-unprocessed-commands=100000000");
      // a limit a burst of 64 clients does reach: shows the refusals (503 + Retry-After) and what they cost
      case "tight" -> command.add("--pulse.runtime.embedded.zeebe.max-unprocessed-commands=16");
      default -> { }
    }
    Path log = data.resolveSibling(data.getFileName() + ".log");
    Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      awaitHealthy(client, http, server, log);
      System.out.printf(Locale.ROOT, "config %s, %d cores, load %s%n", config, Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());

      // answers need sent surveys: contacts, a survey, its mails
      StringBuilder batch = new StringBuilder("{\"contacts\":[");
      for (int i = 0; i < answers; i++) {
        batch.append(i == 0 ? "" : ",").append("{\"id\":\"burst-%04d\",\"email\":\"burst-%04d@x.test\",\"properties\":{\"burstTag\":\"b\"}}".formatted(i, i));
      }
      call(client, http, "POST", "/api/contacts/batch", batch.append("]}").toString());
      String survey = call(client, http, "POST", "/api/surveys", """
          {"name": "Burst", "type": "CSAT", "delivery": "EMAIL",
           "recipients": {"filterGroups": [{"filters": [{"property": "burstTag", "operator": "IS", "values": ["b"]}]}]}}""").body()
          .replaceAll("(?s)^.*?\"id\"\\s*:\\s*\"([^\"]+)\".*$", "$1");
      call(client, http, "POST", "/api/surveys/" + survey + "/publish", "{}");
      List<String> tokens = org.awaitility.Awaitility.await("the surveys mailed").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2))
          .until(() -> {
            List<String> found = new ArrayList<>();
            Matcher m = LINK.matcher(call(client, http, "GET", "/api/dev/mailbox", null).body());
            while (m.find()) {
              found.add(m.group(1));
            }
            return found;
          }, found -> found.size() >= answers);
      System.out.printf(Locale.ROOT, "prepared: %d surveys sent%n", tokens.size());

      long pid = server.pid();
      System.gc();
      long before = rssKb(pid);
      AtomicLong peak = new AtomicLong(before);
      java.util.concurrent.ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(rssKb(pid), Math::max), 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);

      // the burst of engine commands
      ConcurrentHashMap<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long began = System.nanoTime();
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        int n = i;
        sent.add(pool.submit(() -> {
          HttpResponse<String> r = call(client, http, "POST", "/api/messages",
              "{\"name\":\"burst-bench\",\"correlationKey\":\"k-" + n + "\",\"timeToLive\":\"PT30M\",\"variables\":{\"payload\":\"" + "x".repeat(1000) + "\"}}");
          outcomes.computeIfAbsent(outcome(r), k -> new AtomicLong()).incrementAndGet();
          return null;
        }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
      double burstSeconds = (System.nanoTime() - began) / 1e9;

      // the answers, all at once
      ConcurrentHashMap<String, AtomicLong> answered = new ConcurrentHashMap<>();
      began = System.nanoTime();
      sent.clear();
      for (String token : tokens) {
        sent.add(pool.submit(() -> {
          HttpResponse<String> r = call(client, http, "POST", "/api/responses", "{\"token\":\"" + token + "\",\"score\":4}");
          answered.computeIfAbsent(outcome(r), k -> new AtomicLong()).incrementAndGet();
          return null;
        }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
      double answerSeconds = (System.nanoTime() - began) / 1e9;
      long stored = answered.getOrDefault("2xx", new AtomicLong()).get();
      // drained: every stored answer classified (its bucket set by the lifecycle)
      long classified = org.awaitility.Awaitility.await("every answer classified").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
          .until(() -> {
            String figures = call(client, http, "GET", "/api/analytics/surveys/responses?from=2000-01-01&to=2100-01-01&bucket=HAPPY&size=1&surveyId=" + survey, null).body();
            Matcher m = Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(figures);
            return m.find() ? Long.parseLong(m.group(1)) : 0L;
          }, n -> n >= stored);
      double drainSeconds = (System.nanoTime() - began) / 1e9;
      sampler.shutdown();
      sampler.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
      pool.shutdown();

      System.out.printf(Locale.ROOT, "burst: %d message publications from %d clients in %.1f s: %s%n", burst, clients, burstSeconds, outcomes);
      System.out.printf(Locale.ROOT, "answers: %d at once in %.1f s: %s; all %d classified %.1f s after the first was sent (%d seen)%n",
          tokens.size(), answerSeconds, answered, stored, drainSeconds, classified);
      System.out.printf(Locale.ROOT, "server RSS: %d MB before, %d MB at peak (x%.2f)%n", before / 1024, peak.get() / 1024, (double) peak.get() / before);
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  private static String outcome(HttpResponse<String> r) {
    int s = r.statusCode();
    if (s >= 200 && s < 300) {
      return "2xx";
    }
    if (s == 503 && r.headers().firstValue("Retry-After").isPresent()) {
      return "503+Retry-After";
    }
    if (s == 429 && r.headers().firstValue("Retry-After").isPresent()) {
      return "429+Retry-After";
    }
    return String.valueOf(s);
  }

  private static HttpResponse<String> call(HttpClient client, int port, String method, String path, String body) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    }
  }

  private static void awaitHealthy(HttpClient client, int port, Process server, Path log) throws Exception {
    org.awaitility.Awaitility.await("healthy (log: " + log + ")").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
      if (!server.isAlive()) {
        throw new IllegalStateException("the server exited:\n" + Files.readString(log));
      }
      try {
        return call(client, port, "GET", "/actuator/health", null).statusCode() == 200;
      } catch (IllegalStateException notYet) {
        return false; // not listening yet
      }
    });
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  private static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
