package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.TestStack;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the Java code and the analysts' diagrams must agree on, read from both: every job type a
 * diagram asks for has a worker and every worker serves some diagram; every message the code
 * publishes is one a diagram waits for; every element id the code names (reconciliation resumes
 * instances at them) is in a diagram. Renaming one in Modeler fails here, naming the file,
 * instead of at run time.
 */
class ProcessContractTest {

  private static final Path REPO = TestStack.repoDir();
  /** Job type / message / element id -> the BPMN files that define it. */
  private static final Map<String, Set<String>> JOB_TYPES = new TreeMap<>();
  private static final Map<String, Set<String>> MESSAGES = new TreeMap<>();
  private static final Map<String, Set<String>> ELEMENTS = new TreeMap<>();
  /** Worker type / published message / element id -> the Java files that name it. */
  private static final Map<String, Set<String>> WORKERS = new TreeMap<>();
  private static final Map<String, Set<String>> PUBLISHED = new TreeMap<>();
  private static final Map<String, Set<String>> NAMED_ELEMENTS = new TreeMap<>();

  @BeforeAll
  static void read() throws IOException {
    try (Stream<Path> files = Files.list(REPO.resolve("processes"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList()) {
        String name = file.getFileName().toString();
        BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
        model.getModelElementsByType(ZeebeTaskDefinition.class).forEach(t -> add(JOB_TYPES, t.getType(), name));
        model.getModelElementsByType(ZeebeExecutionListener.class).forEach(l -> add(JOB_TYPES, l.getType(), name));
        model.getModelElementsByType(Message.class).forEach(m -> add(MESSAGES, m.getName(), name));
        model.getModelElementsByType(FlowElement.class).forEach(e -> add(ELEMENTS, e.getId(), name));
      }
    }
    Pattern worker = Pattern.compile("@JobWorker\\(type = \"([^\"]+)\"");
    Pattern publish = Pattern.compile("publish\\(\"([a-z][a-z-]*)\"");
    Pattern element = Pattern.compile("\"((?:Task|Gateway|End|Start|Timer|Message|Call|SubProcess|Event|Boundary)_[A-Za-z]+)\"");
    try (Stream<Path> files = Files.walk(REPO.resolve("app/src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String text = Files.readString(file);
        String name = REPO.relativize(file).toString();
        collect(worker, text, WORKERS, name);
        collect(publish, text, PUBLISHED, name);
        collect(element, text, NAMED_ELEMENTS, name);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void collect(Pattern pattern, String text, Map<String, Set<String>> into, String file) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      add(into, m.group(1), file);
    }
  }

  private static void add(Map<String, Set<String>> map, String key, String file) {
    map.computeIfAbsent(key, k -> new TreeSet<>()).add(file);
  }

  @Test
  void bothSidesWereRead() {
    assertThat(JOB_TYPES).containsKeys("send-survey", "route-conversation", "complete-delivery");
    assertThat(WORKERS).containsKeys("send-survey", "route-conversation", "complete-delivery");
    assertThat(MESSAGES).containsKeys("survey-response", "conversation-closed");
    assertThat(PUBLISHED).containsKeys("survey-response", "conversation-closed");
    assertThat(NAMED_ELEMENTS).isNotEmpty();
  }

  @Test
  void everyJobTypeOfADiagramHasAWorkerAndEveryWorkerServesADiagram() {
    Map<String, Set<String>> withoutWorker = new TreeMap<>(JOB_TYPES);
    withoutWorker.keySet().removeAll(WORKERS.keySet());
    assertThat(withoutWorker).as("job types in diagrams (type -> files) that no @JobWorker serves: their instances would wait forever").isEmpty();
    Map<String, Set<String>> idle = new TreeMap<>(WORKERS);
    idle.keySet().removeAll(JOB_TYPES.keySet());
    assertThat(idle).as("workers (type -> Java files) that no diagram asks for: renamed in Modeler?").isEmpty();
  }

  @Test
  void everyMessageTheCodePublishesIsOneADiagramWaitsFor() {
    Map<String, Set<String>> unknown = new TreeMap<>(PUBLISHED);
    unknown.keySet().removeAll(MESSAGES.keySet());
    assertThat(unknown).as("messages published by the code (name -> Java files) that no diagram defines: they would never correlate").isEmpty();
  }

  @Test
  void everyElementIdTheCodeNamesIsInADiagram() {
    Map<String, Set<String>> unknown = new TreeMap<>(NAMED_ELEMENTS);
    unknown.keySet().removeAll(ELEMENTS.keySet());
    assertThat(unknown).as("element ids named in the code (id -> Java files) that no diagram has: reconciliation would resume at nothing").isEmpty();
  }
}
