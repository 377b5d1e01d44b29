package dev.pulse.processes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Analysts' process scenarios: "start the process with these variables, answer its jobs like
 * this, send these messages, let this much time pass, and expect this path". Files are YAML in
 * {@code processes/tests/}, one process each, in the style of the rule scenarios:
 *
 * <pre>
 * process: survey-lifecycle
 * cases:
 *   - name: a happy answer is thanked for
 *     start: { deliveryId: d1, delay: PT0S }      # the instance's variables
 *     jobs:                                       # every job of these types is answered so
 *       evaluate-recipient: { eligible: true }
 *       send-survey: {}
 *     steps:                                      # then, in order
 *       - message: survey-response                # publish a message
 *         key: d1                                 # its correlation key
 *         variables: { score: 5 }
 *       - job: classify-response                  # answer the one job of this type waiting now
 *         complete: { bucket: HAPPY }             # or error: { code: ..., message: ... }, or fail: "why"
 *         headers: { priority: HIGH }             # optional: the job must carry these headers
 *       - wait: P1D                               # move the clock; due timers fire
 *     expect:
 *       path: [Task_SendSurvey, End_Happy]        # completed in this order (others may come between),
 *                                                 # in the instance or a process it called
 *       notTaken: [Timer_Reminder]                # never entered
 *       waitingAt: [Task_AwaitClose]              # still active at the end
 *       ended: true                               # the instance completed (false: it did not)
 *       incidents: [Task_CreateTicket]            # an incident was raised there
 * </pre>
 *
 * This class reads and checks the files; {@link ProcessScenarios} runs them.
 */
public final class ProcessScenarioFiles {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ProcessScenarioFiles() {}

  public record Scenario(String file, String processId, List<Case> cases) {}

  public record Case(String name, Map<String, Object> start, Map<String, Map<String, Object>> jobs, List<Step> steps, Expect expect) {}

  public sealed interface Step {
    String describe();
  }

  public record JobStep(String type, Map<String, Object> complete, String errorCode, String errorMessage, String fail, Map<String, String> headers) implements Step {
    @Override
    public String describe() {
      return "job " + type;
    }
  }

  public record MessageStep(String name, String key, Map<String, Object> variables) implements Step {
    @Override
    public String describe() {
      return "message " + name + " (key " + key + ")";
    }
  }

  public record WaitStep(Duration duration) implements Step {
    @Override
    public String describe() {
      return "wait " + duration;
    }
  }

  public record Expect(List<String> path, List<String> notTaken, List<String> waitingAt, Boolean ended, List<String> incidents) {
    List<String> elements() {
      List<String> all = new ArrayList<>(path);
      all.addAll(notTaken);
      all.addAll(waitingAt);
      all.addAll(incidents);
      return all;
    }
  }

  /** Thrown for a file that is not a valid scenario file; the message says which file and where. */
  public static final class InvalidScenario extends IllegalArgumentException {
    public InvalidScenario(String message) {
      super(message);
    }
  }

  /** Every scenario file in {@code <processes>/tests/}, by name; none when there is no such folder. */
  public static Map<String, String> files(Path processesDir) {
    Map<String, String> found = new TreeMap<>();
    Path tests = processesDir.resolve("tests");
    if (!Files.isDirectory(tests)) {
      return found;
    }
    try (Stream<Path> list = Files.list(tests)) {
      for (Path file : list.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
        found.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the process scenarios in " + tests, e);
    }
    return found;
  }

  /** Reads one scenario file; an invalid one is refused naming the file, the case and the field. */
  public static Scenario parse(String file, String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InvalidScenario(file + ": not valid YAML at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidScenario(file + ": expected 'process:' and 'cases:'");
    }
    only(root, file, "process", "description", "cases");
    String processId = text(root, "process", file);
    if (!root.path("cases").isArray() || root.path("cases").isEmpty()) {
      throw new InvalidScenario(file + ": expected a 'cases:' list with at least one case");
    }
    List<Case> cases = new ArrayList<>();
    int n = 0;
    for (JsonNode c : root.path("cases")) {
      n++;
      String where = file + ", case " + n;
      if (!c.isObject()) {
        throw new InvalidScenario(where + ": expected name, start, jobs, steps and expect");
      }
      String name = text(c, "name", where);
      where = file + ", case " + n + " \"" + name + "\"";
      only(c, where, "name", "start", "jobs", "steps", "expect");
      Map<String, Object> start = map(c.get("start"), where + ", start");
      Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
      JsonNode jobsNode = c.get("jobs");
      if (jobsNode != null && !jobsNode.isNull()) {
        if (!jobsNode.isObject()) {
          throw new InvalidScenario(where + ", jobs: expected job types, each with the variables its jobs complete with ({} for none)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = jobsNode.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          jobs.put(e.getKey(), map(e.getValue(), where + ", jobs." + e.getKey()));
        }
      }
      List<Step> steps = new ArrayList<>();
      JsonNode stepsNode = c.get("steps");
      if (stepsNode != null && !stepsNode.isNull()) {
        if (!stepsNode.isArray()) {
          throw new InvalidScenario(where + ", steps: expected a list");
        }
        int i = 0;
        for (JsonNode s : stepsNode) {
          steps.add(step(s, where + ", step " + (++i)));
        }
      }
      JsonNode e = c.get("expect");
      if (e == null || !e.isObject()) {
        throw new InvalidScenario(where + ": expected an 'expect:' with path, notTaken, waitingAt, ended or incidents");
      }
      only(e, where + ", expect", "path", "notTaken", "waitingAt", "ended", "incidents");
      if (e.has("ended") && !e.get("ended").isBoolean()) {
        throw new InvalidScenario(where + ", expect.ended: expected true or false");
      }
      Expect expect = new Expect(ids(e.get("path"), where + ", expect.path"), ids(e.get("notTaken"), where + ", expect.notTaken"),
          ids(e.get("waitingAt"), where + ", expect.waitingAt"), e.has("ended") ? e.get("ended").booleanValue() : null,
          ids(e.get("incidents"), where + ", expect.incidents"));
      if (expect.elements().isEmpty() && expect.ended() == null) {
        throw new InvalidScenario(where + ", expect: names nothing to check");
      }
      cases.add(new Case(name, start, jobs, steps, expect));
    }
    return new Scenario(file, processId, List.copyOf(cases));
  }

  private static Step step(JsonNode s, String where) {
    if (!s.isObject()) {
      throw new InvalidScenario(where + ": expected one of job, message, wait");
    }
    int kinds = (s.has("job") ? 1 : 0) + (s.has("message") ? 1 : 0) + (s.has("wait") ? 1 : 0);
    if (kinds != 1) {
      throw new InvalidScenario(where + ": expected exactly one of job, message, wait");
    }
    if (s.has("wait")) {
      only(s, where, "wait");
      String text = text(s, "wait", where);
      try {
        Duration d = Duration.parse(text.startsWith("P") && text.contains("D") && !text.contains("T") ? text + "T0S" : text);
        if (d.isNegative() || d.isZero()) {
          throw new InvalidScenario(where + ", wait: expected a positive duration such as PT1H or P1D");
        }
        return new WaitStep(d);
      } catch (DateTimeParseException e) {
        throw new InvalidScenario(where + ", wait: \"" + text + "\" is not a duration such as PT30M, PT1H or P1D");
      }
    }
    if (s.has("message")) {
      only(s, where, "message", "key", "variables");
      return new MessageStep(text(s, "message", where), text(s, "key", where), map(s.get("variables"), where + ", variables"));
    }
    only(s, where, "job", "complete", "error", "fail", "headers");
    String type = text(s, "job", where);
    int answers = (s.has("complete") ? 1 : 0) + (s.has("error") ? 1 : 0) + (s.has("fail") ? 1 : 0);
    if (answers > 1) {
      throw new InvalidScenario(where + ": a job is answered by one of complete, error, fail");
    }
    String errorCode = null;
    String errorMessage = null;
    if (s.has("error")) {
      JsonNode error = s.get("error");
      if (!error.isObject()) {
        throw new InvalidScenario(where + ", error: expected { code: ..., message: ... }");
      }
      only(error, where + ", error", "code", "message");
      errorCode = text(error, "code", where + ", error");
      errorMessage = error.path("message").asText("");
    }
    String fail = s.has("fail") ? s.get("fail").asText() : null;
    Map<String, String> headers = new LinkedHashMap<>();
    map(s.get("headers"), where + ", headers").forEach((k, v) -> headers.put(k, String.valueOf(v)));
    return new JobStep(type, map(s.get("complete"), where + ", complete"), errorCode, errorMessage, fail, headers);
  }

  private static void only(JsonNode node, String where, String... allowed) {
    Set<String> known = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        throw new InvalidScenario(where + ": unknown field '" + field + "' (expected " + String.join(", ", allowed) + ")");
      }
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isValueNode() || value.asText().isBlank()) {
      throw new InvalidScenario(where + ": '" + field + "' is required");
    }
    return value.asText();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new InvalidScenario(where + ": expected names and values, such as { eligible: true }");
    }
    return YAML.convertValue(node, LinkedHashMap.class);
  }

  private static List<String> ids(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new InvalidScenario(where + ": expected a list of element ids, such as [Task_SendSurvey, End_Happy]");
    }
    List<String> ids = new ArrayList<>();
    node.forEach(n -> ids.add(n.asText()));
    return List.copyOf(ids);
  }

}
