package dev.pulse.processes;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListener;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs analysts' process scenarios ({@link ProcessScenarioFiles}): each case on an engine of its
 * own ({@link ProcessTestEngine}), with every process of the folder deployed (or the candidate in
 * place of its file), so moving the clock in one case cannot touch another. Jobs of execution
 * listeners are answered with no variables unless listed.
 */
public final class ProcessScenarios {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  /** More answers than this in one settling means the process loops on mocked jobs. */
  private static final int MAX_ANSWERS = 500;

  private ProcessScenarios() {}

  /** One case's outcome: what failed (empty when it passed), what the instance did, where it waits. */
  public record Result(String file, String processId, String name, boolean passed, List<String> failures, List<String> completed, List<String> waitingAt,
      long millis) {}

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
  public static List<Result> run(ProcessTestEngine.Provider engines, Map<String, byte[]> resources, ProcessScenarioFiles.Scenario scenario) {
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
    for (ProcessScenarioFiles.Case c : scenario.cases()) {
      results.add(runCase(engines, resources, scenario, c, elementIds, listeners));
    }
    return results;
  }

  private static Result runCase(ProcessTestEngine.Provider engines, Map<String, byte[]> resources, ProcessScenarioFiles.Scenario scenario, ProcessScenarioFiles.Case c, Set<String> elementIds,
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
      for (ProcessScenarioFiles.Step step : c.steps()) {
        n++;
        if (!failures.isEmpty()) {
          break;
        }
        String where = "step " + n + " (" + step.describe() + ")";
        switch (step) {
          case ProcessScenarioFiles.WaitStep w -> engine.increaseTime(w.duration());
          case ProcessScenarioFiles.MessageStep m -> client.newPublishMessageCommand().messageName(m.name()).correlationKey(m.key()).variables(m.variables())
              .requestTimeout(COMMAND_TIMEOUT).send().join();
          case ProcessScenarioFiles.JobStep j -> answer(engine, j, where, failures);
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

  private static void answer(ProcessTestEngine engine, ProcessScenarioFiles.JobStep step, String where, List<String> failures) {
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

  private static void check(ProcessScenarioFiles.Expect expect, List<ProcessTestEngine.Element> elements, List<String> completed, List<String> waiting,
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
