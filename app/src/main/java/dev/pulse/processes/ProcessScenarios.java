package dev.pulse.processes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListener;
import java.io.ByteArrayInputStream;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * Each case runs on an engine of its own ({@link ProcessTestEngine}), with every process of the
 * folder deployed (or the candidate in place of its file), so moving the clock in one case
 * cannot touch another. Jobs of execution listeners are answered with no variables unless listed.
 */
public final class ProcessScenarios {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  /** More answers than this in one settling means the process loops on mocked jobs. */
  private static final int MAX_ANSWERS = 500;

  private ProcessScenarios() {}

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

  /** One case's outcome: what failed (empty when it passed), what the instance did, where it waits. */
  public record Result(String file, String processId, String name, boolean passed, List<String> failures, List<String> completed, List<String> waitingAt,
      long millis) {}

  /** Thrown for a file that is not a valid scenario file; the message says which file and where. */
  public static final class InvalidScenario extends IllegalArgumentException {
    public InvalidScenario(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------- reading

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

  // ---------------------------------------------------------------- running

  /** The process ids a BPMN file defines (empty when it does not parse). */
  public static Set<String> processIds(byte[] bpmn) {
    try {
      BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn));
      Set<String> ids = new LinkedHashSet<>();
      model.getModelElementsByType(Process.class).forEach(p -> ids.add(p.getId()));
      return ids;
    } catch (RuntimeException e) {
      return Set.of();
    }
  }

  /**
   * Runs every case of the scenario on engines of their own, with these BPMN files deployed
   * (name to content: the folder's files, with a candidate in place of its file).
   */
  public static List<Result> run(ProcessTestEngine.Provider engines, Map<String, byte[]> resources, Scenario scenario) {
    Set<String> elementIds = new LinkedHashSet<>();
    Set<String> listeners = new LinkedHashSet<>();
    for (byte[] content : resources.values()) {
      try {
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(content));
        model.getModelElementsByType(FlowElement.class).forEach(e -> elementIds.add(e.getId()));
        model.getModelElementsByType(ZeebeExecutionListener.class).forEach(l -> listeners.add(l.getType()));
      } catch (RuntimeException e) {
        // a file that does not parse is refused by the engine below, and said there
      }
    }
    List<Result> results = new ArrayList<>();
    for (Case c : scenario.cases()) {
      results.add(runCase(engines, resources, scenario, c, elementIds, listeners));
    }
    return results;
  }

  private static Result runCase(ProcessTestEngine.Provider engines, Map<String, byte[]> resources, Scenario scenario, Case c, Set<String> elementIds,
      Set<String> listeners) {
    long started = System.nanoTime();
    List<String> failures = new ArrayList<>();
    for (String id : c.expect().elements()) {
      if (!elementIds.contains(id)) {
        failures.add("expect names " + id + ", which is no element of the processes (a typo, or an id changed in the diagram)");
      }
    }
    if (!failures.isEmpty()) {
      return new Result(scenario.file(), scenario.processId(), c.name(), false, failures, List.of(), List.of(), millis(started));
    }
    try (ProcessTestEngine engine = engines.start()) {
      CamundaClient client = engine.client();
      for (Map.Entry<String, byte[]> resource : resources.entrySet()) {
        try {
          client.newDeployResourceCommand().addResourceBytes(resource.getValue(), resource.getKey()).requestTimeout(COMMAND_TIMEOUT).send().join();
        } catch (RuntimeException e) {
          if (processIds(resource.getValue()).contains(scenario.processId())) {
            failures.add("the engine refused " + resource.getKey() + ": " + engineMessage(e));
            return new Result(scenario.file(), scenario.processId(), c.name(), false, failures, List.of(), List.of(), millis(started));
          }
          // another process's broken file: only a call to it can notice, and says so
        }
      }
      Map<String, Map<String, Object>> answers = new LinkedHashMap<>();
      listeners.forEach(type -> answers.put(type, Map.of()));
      answers.putAll(c.jobs());
      try {
        client.newCreateInstanceCommand().bpmnProcessId(scenario.processId()).latestVersion().variables(c.start()).requestTimeout(COMMAND_TIMEOUT).send().join();
      } catch (RuntimeException e) {
        failures.add("the instance did not start: " + engineMessage(e));
        return new Result(scenario.file(), scenario.processId(), c.name(), false, failures, List.of(), List.of(), millis(started));
      }
      settle(engine, answers, failures, "at the start");
      int n = 0;
      for (Step step : c.steps()) {
        n++;
        if (!failures.isEmpty()) {
          break;
        }
        String where = "step " + n + " (" + step.describe() + ")";
        switch (step) {
          case WaitStep w -> engine.increaseTime(w.duration());
          case MessageStep m -> client.newPublishMessageCommand().messageName(m.name()).correlationKey(m.key()).variables(m.variables())
              .requestTimeout(COMMAND_TIMEOUT).send().join();
          case JobStep j -> answer(engine, j, where, failures);
        }
        if (failures.isEmpty()) {
          settle(engine, answers, failures, "after " + where);
        }
      }
      List<ProcessTestEngine.Element> elements = engine.elements();
      List<String> completed = completed(elements);
      List<String> waiting = waiting(elements);
      if (failures.isEmpty()) {
        check(c.expect(), elements, completed, waiting, engine.incidents(), failures);
      }
      if (!failures.isEmpty()) {
        List<String> unanswered = openJobs(engine.jobs()).stream().filter(j -> !answers.containsKey(j.type())).map(j -> j.type() + " at " + j.elementId()).distinct().toList();
        failures.add("the instance completed " + (completed.isEmpty() ? "nothing" : String.join(", ", completed)) + "; it waits at "
            + (waiting.isEmpty() ? "nothing" : String.join(", ", waiting))
            + (unanswered.isEmpty() ? "" : "; jobs nobody answered: " + String.join(", ", unanswered) + " (list them under jobs: or answer them in a step)"));
      }
      return new Result(scenario.file(), scenario.processId(), c.name(), failures.isEmpty(), List.copyOf(failures), completed, waiting, millis(started));
    } catch (RuntimeException e) {
      failures.add("the engine failed: " + engineMessage(e));
      return new Result(scenario.file(), scenario.processId(), c.name(), false, failures, List.of(), List.of(), millis(started));
    }
  }

  /** Answers every open job of a listed type, again and again, until the engine rests with none. */
  private static void settle(ProcessTestEngine engine, Map<String, Map<String, Object>> answers, List<String> failures, String when) {
    int answered = 0;
    while (true) {
      engine.waitForIdle();
      Map<String, Long> open = new LinkedHashMap<>();
      for (ProcessTestEngine.Job job : openJobs(engine.jobs())) {
        if (answers.containsKey(job.type())) {
          open.merge(job.type(), 1L, Long::sum);
        }
      }
      if (open.isEmpty()) {
        return;
      }
      for (Map.Entry<String, Long> type : open.entrySet()) {
        for (ActivatedJob job : activate(engine, type.getKey(), type.getValue().intValue())) {
          engine.client().newCompleteCommand(job.getKey()).variables(answers.get(type.getKey())).requestTimeout(COMMAND_TIMEOUT).send().join();
          answered++;
        }
      }
      if (answered > MAX_ANSWERS) {
        failures.add(when + ": the process asked for more than " + MAX_ANSWERS + " jobs of " + open.keySet() + " without resting: a loop?");
        return;
      }
    }
  }

  private static void answer(ProcessTestEngine engine, JobStep step, String where, List<String> failures) {
    engine.waitForIdle();
    if (openJobs(engine.jobs()).stream().noneMatch(j -> j.type().equals(step.type()))) {
      failures.add(where + ": no " + step.type() + " job was waiting");
      return;
    }
    List<ActivatedJob> jobs = activate(engine, step.type(), 1);
    if (jobs.isEmpty()) {
      failures.add(where + ": the " + step.type() + " job could not be taken");
      return;
    }
    ActivatedJob job = jobs.get(0);
    step.headers().forEach((name, value) -> {
      String actual = job.getCustomHeaders().get(name);
      if (!value.equals(actual)) {
        failures.add(where + ": header " + name + " is " + (actual == null ? "missing" : "\"" + actual + "\"") + ", expected \"" + value + "\"");
      }
    });
    CamundaClient client = engine.client();
    if (step.errorCode() != null) {
      client.newThrowErrorCommand(job.getKey()).errorCode(step.errorCode()).errorMessage(step.errorMessage()).requestTimeout(COMMAND_TIMEOUT).send().join();
    } else if (step.fail() != null) {
      client.newFailCommand(job.getKey()).retries(0).errorMessage(step.fail()).requestTimeout(COMMAND_TIMEOUT).send().join();
    } else {
      client.newCompleteCommand(job.getKey()).variables(step.complete()).requestTimeout(COMMAND_TIMEOUT).send().join();
    }
  }

  private static List<ActivatedJob> activate(ProcessTestEngine engine, String type, int max) {
    return engine.client().newActivateJobsCommand().jobType(type).maxJobsToActivate(max).timeout(Duration.ofMinutes(10))
        .requestTimeout(Duration.ofSeconds(2)).send().join().getJobs();
  }

  /** Jobs whose last record leaves them to be taken: not completed, thrown, cancelled or failed for good. */
  static List<ProcessTestEngine.Job> openJobs(List<ProcessTestEngine.Job> records) {
    Map<Long, ProcessTestEngine.Job> last = new LinkedHashMap<>();
    records.forEach(j -> last.put(j.key(), j));
    return last.values().stream()
        .filter(j -> !Set.of("COMPLETED", "ERROR_THROWN", "CANCELED").contains(j.intent()) && !("FAILED".equals(j.intent()) && j.retries() <= 0))
        .toList();
  }

  private static List<String> completed(List<ProcessTestEngine.Element> elements) {
    return elements.stream().filter(e -> "ELEMENT_COMPLETED".equals(e.intent()) && !"PROCESS".equals(e.elementType())).map(ProcessTestEngine.Element::elementId).toList();
  }

  private static List<String> waiting(List<ProcessTestEngine.Element> elements) {
    Map<Long, ProcessTestEngine.Element> active = new LinkedHashMap<>();
    for (ProcessTestEngine.Element e : elements) {
      if ("ELEMENT_ACTIVATED".equals(e.intent())) {
        active.put(e.key(), e);
      } else if ("ELEMENT_COMPLETED".equals(e.intent()) || "ELEMENT_TERMINATED".equals(e.intent())) {
        active.remove(e.key());
      }
    }
    return active.values().stream().filter(e -> !Set.of("PROCESS", "SUB_PROCESS", "EVENT_SUB_PROCESS", "MULTI_INSTANCE_BODY").contains(e.elementType()))
        .map(ProcessTestEngine.Element::elementId).distinct().toList();
  }

  private static void check(Expect expect, List<ProcessTestEngine.Element> elements, List<String> completed, List<String> waiting,
      List<ProcessTestEngine.Incident> incidents, List<String> failures) {
    int at = 0;
    String previous = null;
    for (String id : expect.path()) {
      int found = completed.subList(at, completed.size()).indexOf(id);
      if (found < 0) {
        failures.add("expected path " + String.join(" → ", expect.path()) + ": " + id + " was not completed" + (previous == null ? "" : " after " + previous)
            + (completed.contains(id) ? " (it was, but earlier)" : ""));
        break;
      }
      at += found + 1;
      previous = id;
    }
    Set<String> entered = new LinkedHashSet<>();
    elements.stream().filter(e -> "ELEMENT_ACTIVATED".equals(e.intent())).forEach(e -> entered.add(e.elementId()));
    for (String id : expect.notTaken()) {
      if (entered.contains(id)) {
        failures.add(id + " was entered, and should not have been");
      }
    }
    for (String id : expect.waitingAt()) {
      if (!waiting.contains(id)) {
        failures.add("expected to wait at " + id + (completed.contains(id) ? ", but it was completed" : entered.contains(id) ? ", but it was left" : ", but it was never reached"));
      }
    }
    if (expect.ended() != null) {
      long root = elements.stream().filter(e -> e.parentInstanceKey() <= 0 && "PROCESS".equals(e.elementType())).map(ProcessTestEngine.Element::instanceKey).findFirst().orElse(-1L);
      boolean ended = elements.stream().anyMatch(e -> e.instanceKey() == root && "PROCESS".equals(e.elementType())
          && ("ELEMENT_COMPLETED".equals(e.intent()) || "ELEMENT_TERMINATED".equals(e.intent())));
      if (expect.ended() && !ended) {
        failures.add("expected the instance to end, but it is still running");
      } else if (!expect.ended() && ended) {
        failures.add("expected the instance to keep running, but it ended");
      }
    }
    Set<String> raised = new LinkedHashSet<>();
    incidents.forEach(i -> raised.add(i.elementId()));
    for (String id : expect.incidents()) {
      if (!raised.contains(id)) {
        failures.add("expected an incident at " + id + (raised.isEmpty() ? ", but none was raised" : ", but incidents were raised at " + raised));
      }
    }
  }

  private static String engineMessage(RuntimeException e) {
    Throwable cause = e;
    while (cause != null && !(cause instanceof io.camunda.client.api.command.ClientStatusException)) {
      cause = cause.getCause();
    }
    return cause != null ? dev.pulse.platform.web.EngineErrors.message((io.camunda.client.api.command.ClientStatusException) cause) : String.valueOf(e.getMessage());
  }

  private static long millis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** A one-line summary of results: "7 of 8 scenarios passed". */
  public static String summary(List<Result> results) {
    return results.stream().filter(Result::passed).count() + " of " + results.size() + " scenarios passed";
  }

  /** "file, case "name": failure; failure" for each failed case. */
  public static List<String> failures(List<Result> results) {
    return results.stream().filter(r -> !r.passed())
        .map(r -> r.file() + ", case \"" + r.name() + "\": " + String.join("; ", r.failures()))
        .filter(Objects::nonNull).toList();
  }
}
