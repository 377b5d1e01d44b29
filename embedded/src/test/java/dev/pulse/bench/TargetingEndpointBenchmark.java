package dev.pulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.PulseApplication;
import dev.pulse.testing.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The widget's call itself, {@code POST /api/targeting/evaluate}, on the running server with its
 * embedded stack: 200 chatflows and 50 published web surveys created through the API, then visits
 * from 200 returning visitors to random pages. Each call is timed from the client (HTTP on
 * loopback, the security filters, the visitor's history and contact, the availability of the
 * chatflows' inboxes, the rules with their trace, and for a web survey served the first time, its
 * delivery and the start of its lifecycle).
 *
 * <p>The baseline, timed right after each call on the same connection, is the server's cheapest
 * round trip ({@code GET /actuator/health/liveness}): the ratio is what the targeting decision adds
 * over answering at all. Run: {@code ./mvnw -pl app test-compile exec:exec@targeting-endpoint-bench}.
 */
public final class TargetingEndpointBenchmark {

  private static final String[] SECTIONS = {"pricing", "help", "blog", "docs", "shop", "account", "careers", "about"};
  private static final String[] FREQUENCIES = {"NEVER_AGAIN", "AFTER_DAYS", "ALWAYS"};

  public record Result(
      int chatflows, int webSurveys, int visits, double p50Millis, double p99Millis, double maxMillis, double firstServeP50Millis,
      double firstServeP99Millis, int firstServes, double repeatP50Millis, double repeatP99Millis, double baselineP50Millis, double baselineP99Millis,
      int withChatflow, int withWebSurvey) {}

  public static void main(String[] args) throws Exception {
    int chatflows = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int webSurveys = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int visits = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    int visitors = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    TestStack.configure();
    // the analysts' processes only, not the test fixtures (two of which are broken on purpose)
    System.setProperty("pulse.processes.dir", TestStack.repoDir().resolve("processes").toString());
    ConfigurableApplicationContext server = SpringApplication.run(PulseApplication.class, "--server.port=0", "--logging.level.root=WARN");
    Result r;
    try {
      int port = Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
      r = run(URI.create("http://127.0.0.1:" + port), chatflows, webSurveys, visits, visitors);
    } finally {
      server.close();
    }
    String report = String.format(Locale.ROOT,
        """
        # Targeting endpoint benchmark

        `POST /api/targeting/evaluate` on the running server (embedded stack), %d chatflows and %d \\
        published web surveys, %,d visits from %d returning visitors after as many warm-up visits, \\
        JVM %s, %d cores. Baseline: `GET /actuator/health/liveness`, timed after each call.

        | | p50 | p99 | max |
        |---|---:|---:|---:|
        | evaluate, every visit | %.2f ms | %.2f ms | %.2f ms |
        | evaluate, first serve of a web survey to the visitor (%d) | %.2f ms | %.2f ms | |
        | evaluate, every other visit | %.2f ms | %.2f ms | |
        | baseline (cheapest round trip) | %.2f ms | %.2f ms | |
        | ratio evaluate / baseline | %.1f× | %.1f× | |

        %d of %d visits got a chatflow, %d a web survey.
        """,
        r.chatflows(), r.webSurveys(), r.visits(), visitors, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        r.p50Millis(), r.p99Millis(), r.maxMillis(), r.firstServes(), r.firstServeP50Millis(), r.firstServeP99Millis(), r.repeatP50Millis(),
        r.repeatP99Millis(), r.baselineP50Millis(), r.baselineP99Millis(), r.p50Millis() / r.baselineP50Millis(), r.p99Millis() / r.baselineP99Millis(),
        r.withChatflow(), r.visits(), r.withWebSurvey());
    System.out.println(report);
    Path out = Path.of(System.getProperty("bench.report", "target/benchmarks/targeting-endpoint.md"));
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.exit(0); // the embedded stack's last threads do not hold the report back
  }

  public static Result run(URI server, int chatflowCount, int webSurveyCount, int visits, int visitors) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ObjectMapper json = new ObjectMapper();
    Random random = new Random(11);
    String run = Long.toString(System.nanoTime(), 36);
    for (int i = 0; i < 10; i++) {
      call(http, server, "PUT", "/api/inboxes/bench-" + run + "-" + i, "{\"name\": \"Bench " + i + "\"}", true);
    }
    for (int i = 0; i < chatflowCount; i++) {
      String section = SECTIONS[random.nextInt(SECTIONS.length)];
      call(http, server, "PUT", "/api/chatflows/bench-" + run + "-flow-" + i, """
          {"inboxId": "bench-%s-%d", "name": "Flow %d", "enabled": %b, "priority": %d, "welcomeMessage": "Hello",
           "availability": {"whenOffline": "%s", "atCapacity": "%s"},
           "targeting": {"groups": [{"rules": [{"operator": "MATCHES", "value": "shop.example/%s/*"},
                                               {"operator": "IS", "value": "campaign-%d", "parameter": "utm_source"}]},
                                    {"rules": [{"operator": "MATCHES", "value": "shop.example/%s/*"}]}],
                         "exclusions": [{"operator": "CONTAINS", "value": "/checkout"}], "hideOnMobile": %b}}
          """.formatted(run, random.nextInt(10), i, random.nextInt(10) < 9, 1 + random.nextInt(500), random.nextBoolean() ? "HIDE_LAUNCHER" : "RETURN_TIME",
          random.nextBoolean() ? "HIDE_LAUNCHER" : "WAITING_MESSAGE", section, random.nextInt(5), SECTIONS[random.nextInt(SECTIONS.length)],
          random.nextBoolean()), true);
    }
    for (int i = 0; i < webSurveyCount; i++) {
      String frequency = FREQUENCIES[random.nextInt(FREQUENCIES.length)];
      String body = """
          {"name": "Web %s %d", "type": "CSAT", "delivery": "WEB",
           "webTargeting": {"pages": ["shop.example/%s/*"], "excludedPages": ["shop.example/account/*"], "showOnMobile": %b, "priority": %d,
                            "trigger": {"type": "AFTER_SECONDS", "value": 10}, "frequency": {"type": "%s"%s}}}
          """.formatted(run, i, SECTIONS[random.nextInt(SECTIONS.length)], random.nextBoolean(), 1 + random.nextInt(100), frequency,
          frequency.equals("AFTER_DAYS") ? ", \"days\": 7" : "");
      String id = json.readTree(call(http, server, "POST", "/api/surveys", body, true)).get("id").asText();
      call(http, server, "POST", "/api/surveys/" + id + "/publish", "{}", true);
    }

    int warmup = visits;
    double[] all = new double[visits];
    double[] baseline = new double[visits];
    List<Double> first = new ArrayList<>();
    List<Double> repeat = new ArrayList<>();
    Set<String> served = new HashSet<>();
    int withChatflow = 0;
    int withWebSurvey = 0;
    for (int i = -warmup; i < visits; i++) {
      // the warm-up's visitors are others than the measured ones: a first serve is measured as one
      String visitor = "bench-" + run + (i < 0 ? "-warm-" : "-v-") + random.nextInt(visitors);
      String url = "https://shop.example/" + SECTIONS[random.nextInt(SECTIONS.length)] + "/page-" + random.nextInt(50)
          + (random.nextBoolean() ? "?utm_source=campaign-" + random.nextInt(5) : "");
      String body = "{\"url\": \"" + url + "\", \"visitorId\": \"" + visitor + "\", \"device\": \"" + (random.nextInt(4) == 0 ? "mobile" : "desktop")
          + "\", \"timeZone\": \"Europe/Berlin\"}";
      long t0 = System.nanoTime();
      String answer = call(http, server, "POST", "/api/targeting/evaluate", body, false);
      long t1 = System.nanoTime();
      call(http, server, "GET", "/actuator/health/liveness", null, false);
      long t2 = System.nanoTime();
      if (i < 0) {
        continue;
      }
      JsonNode a = json.readTree(answer);
      all[i] = (t1 - t0) / 1e6;
      baseline[i] = (t2 - t1) / 1e6;
      withChatflow += a.path("chatflow").isObject() ? 1 : 0;
      JsonNode web = a.path("webSurvey");
      if (web.isObject()) {
        withWebSurvey++;
        (served.add(visitor + "|" + web.get("surveyId").asText()) ? first : repeat).add(all[i]);
      } else {
        repeat.add(all[i]);
      }
    }
    double[] firsts = first.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] repeats = repeat.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    Arrays.sort(all);
    Arrays.sort(baseline);
    return new Result(chatflowCount, webSurveyCount, visits, percentile(all, 0.5), percentile(all, 0.99), all[visits - 1], percentile(firsts, 0.5),
        percentile(firsts, 0.99), firsts.length, percentile(repeats, 0.5), percentile(repeats, 0.99), percentile(baseline, 0.5),
        percentile(baseline, 0.99), withChatflow, withWebSurvey);
  }

  private static String call(HttpClient http, URI server, String method, String path, String body, boolean admin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (admin) {
      request.header("Authorization", "Bearer " + TestStack.ADMIN_KEY);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static double percentile(double[] sorted, double p) {
    return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
  }
}
