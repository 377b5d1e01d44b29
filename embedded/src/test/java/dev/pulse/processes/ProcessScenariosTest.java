package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.processes.embedded.InMemoryTestEngines;
import dev.pulse.testing.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The analysts' process scenarios in {@code processes/tests/}, each case a test of its own on an
 * engine of its own; and what the runner says when a scenario, a diagram or a file is wrong.
 */
class ProcessScenariosTest {

  private static final Path PROCESSES = TestStack.repoDir().resolve("processes");
  private static final InMemoryTestEngines ENGINES = new InMemoryTestEngines();

  static Map<String, byte[]> folder() {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(PROCESSES)) {
      for (Path file : list.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
        files.put(file.getFileName().toString(), Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioOfTheFolderPasses() {
    Map<String, String> files = ProcessScenarioFiles.files(PROCESSES);
    assertThat(files).containsKeys("survey-lifecycle.yaml", "conversation.yaml");
    Map<String, byte[]> resources = folder();
    return files.entrySet().stream().flatMap(file -> {
      ProcessScenarioFiles.Scenario scenario = ProcessScenarioFiles.parse(file.getKey(), file.getValue());
      return scenario.cases().stream().map(c -> DynamicTest.dynamicTest(file.getKey() + ": " + c.name(), () -> {
        ProcessScenarios.Result result = ProcessScenarios.run(ENGINES, resources, new ProcessScenarioFiles.Scenario(scenario.file(), scenario.processId(), List.of(c))).get(0);
        assertThat(result.failures()).as(file.getKey() + ": " + c.name()).isEmpty();
        assertThat(result.passed()).isTrue();
      }));
    });
  }

  private static final String TWO_CASES = """
      process: survey-lifecycle
      cases:
        - name: not eligible ends at once
          start: { deliveryId: d1, delay: PT0S }
          jobs:
            evaluate-recipient: { eligible: false }
          expect:
            path: [Task_EvaluateRecipient, End_NotEligible]
            ended: true
        - name: eligible is sent the survey
          start: { deliveryId: d2, delay: PT0S, reminderAfter: P3D, expireAfterReminder: P4D }
          jobs:
            evaluate-recipient: { eligible: true }
            send-survey: {}
          expect:
            path: [Task_SendSurvey]
            waitingAt: [Gateway_AwaitAnswer]
      """;

  @Test
  void aDiagramChangeThatTakesAnotherPathFailsNamingTheElementAndWhatTheInstanceDid() {
    Map<String, byte[]> candidate = folder();
    String lifecycle = new String(candidate.get("survey-lifecycle.bpmn"), StandardCharsets.UTF_8);
    // the analyst swaps the gateway's condition: eligible contacts now end as not eligible
    String broken = lifecycle.replaceFirst("=eligible = false", "=eligible = true");
    assertThat(broken).isNotEqualTo(lifecycle);
    candidate.put("survey-lifecycle.bpmn", broken.getBytes(StandardCharsets.UTF_8));

    List<ProcessScenarios.Result> live = ProcessScenarios.run(ENGINES, folder(), ProcessScenarioFiles.parse("lifecycle.yaml", TWO_CASES));
    List<ProcessScenarios.Result> results = ProcessScenarios.run(ENGINES, candidate, ProcessScenarioFiles.parse("lifecycle.yaml", TWO_CASES));

    assertThat(live).allMatch(ProcessScenarios.Result::passed);
    assertThat(ProcessScenarios.summary(results)).isEqualTo("0 of 2 scenarios passed");
    assertThat(ProcessScenarios.failures(results).get(1))
        .startsWith("lifecycle.yaml, case \"eligible is sent the survey\": expected path Task_SendSurvey: Task_SendSurvey was not completed")
        .contains("expected to wait at Gateway_AwaitAnswer, but it was never reached")
        .endsWith("the instance completed Start_Delivery, Task_EvaluateRecipient, Gateway_Eligible, End_NotEligible; it waits at nothing");
  }

  @Test
  void aJobNobodyAnswersATypoedElementAndAMissingJobAreNamed() {
    var unanswered = ProcessScenarios.run(ENGINES, folder(), ProcessScenarioFiles.parse("t.yaml", """
        process: survey-lifecycle
        cases:
          - name: forgot the send
            start: { deliveryId: d1, delay: PT0S }
            jobs:
              evaluate-recipient: { eligible: true }
            expect:
              path: [Task_SendSurvey]
          - name: typo
            start: { deliveryId: d1, delay: PT0S }
            expect:
              notTaken: [Task_SendSurvy]
          - name: no such job now
            start: { deliveryId: d1, delay: PT0S }
            steps:
              - job: classify-response
            expect:
              ended: false
        """));
    assertThat(unanswered.get(0).failures()).anySatisfy(f -> assertThat(f).contains("it waits at Task_SendSurvey")
        .contains("jobs nobody answered: send-survey at Task_SendSurvey"));
    assertThat(unanswered.get(0).waitingAt()).containsExactly("Task_SendSurvey");
    assertThat(unanswered.get(1).failures()).containsExactly(
        "expect names Task_SendSurvy, which is no element of the processes (a typo, or an id changed in the diagram)");
    assertThat(unanswered.get(2).failures().get(0)).isEqualTo("step 1 (job classify-response): no classify-response job was waiting");
  }

  @Test
  void aBpmnErrorAFailedJobAndHeadersAreScenarioSteps() {
    var results = ProcessScenarios.run(ENGINES, folder(), ProcessScenarioFiles.parse("t.yaml", """
        process: follow-up-unhappy
        cases:
          - name: a ticket that cannot be made is an incident
            start: { deliveryId: d1 }
            steps:
              - job: create-ticket
                headers: { priority: LOW }
                fail: "the CRM refused"
            expect:
              incidents: [Task_CreateTicket]
              ended: false
        """));
    assertThat(results.get(0).failures()).anySatisfy(f -> assertThat(f).isEqualTo("step 1 (job create-ticket): header priority is \"HIGH\", expected \"LOW\""));
    assertThat(results.get(0).failures()).noneMatch(f -> f.startsWith("expected an incident"));
  }

  @Test
  void anInvalidFileIsRefusedNamingTheFileTheCaseAndTheField() {
    assertThatThrownBy(() -> ProcessScenarioFiles.parse("x.yaml", "cases: []"))
        .hasMessage("x.yaml: 'process' is required");
    assertThatThrownBy(() -> ProcessScenarioFiles.parse("x.yaml", "process: p\ncases:\n  - name: a\n    expect: { ended: true }\n    stepz: []\n"))
        .hasMessage("x.yaml, case 1 \"a\": unknown field 'stepz' (expected name, start, jobs, steps, expect)");
    assertThatThrownBy(() -> ProcessScenarioFiles.parse("x.yaml", "process: p\ncases:\n  - name: a\n    steps: [ { wait: tomorrow } ]\n    expect: { ended: true }\n"))
        .hasMessage("x.yaml, case 1 \"a\", step 1, wait: \"tomorrow\" is not a duration such as PT30M, PT1H or P1D");
    assertThatThrownBy(() -> ProcessScenarioFiles.parse("x.yaml", "process: p\ncases:\n  - name: a\n    steps: [ { job: x, message: y } ]\n    expect: { ended: true }\n"))
        .hasMessage("x.yaml, case 1 \"a\", step 1: expected exactly one of job, message, wait");
    assertThatThrownBy(() -> ProcessScenarioFiles.parse("x.yaml", "process: p\ncases:\n  - name: a\n    expect: {}\n"))
        .hasMessage("x.yaml, case 1 \"a\", expect: names nothing to check");
    assertThatThrownBy(() -> ProcessScenarioFiles.parse("x.yaml", "process: p\ncases: [ { name: a\n"))
        .hasMessageStartingWith("x.yaml: not valid YAML at line");
  }
}
