package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.TestStack;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.Documentation;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.RegexPatternTypeFilter;
import org.springframework.stereotype.Component;

/**
 * What the Java code and the analysts' diagrams must agree on, read from both sides.
 *
 * <p>The Java side is one constants class per process ({@code SurveyLifecycleProcess},
 * {@code ConversationProcess}, ...: a class named {@code *Process} with a {@code ID} constant):
 * {@code ID} is the process id (and {@code processes/<ID>.bpmn} its file), {@code JOB_*} its job
 * types, {@code MESSAGE_*} the message names, {@code VARIABLE_*} the variables the code passes in,
 * every other String constant an element id the code starts or resumes instances at. The code
 * names none of these as a literal anywhere else. The BPMN side documents, on each service task, the
 * variables its worker reads and writes ({@code Inputs:} / {@code Outputs:} lines, see
 * processes/README.md). Renaming anything in Modeler fails here, naming the file, instead of at run
 * time.
 */
class ProcessContractTest {

  private static final Path REPO = TestStack.repoDir();
  private static final Pattern LIST = Pattern.compile("^\\s*(Inputs|Outputs):(.*)$", Pattern.MULTILINE);

  /** BPMN file name -> model. */
  private static final Map<String, BpmnModelInstance> FILES = new TreeMap<>();
  /** Process constants class -> its constants by name. */
  private static final Map<Class<?>, Map<String, String>> PROCESS_CLASSES = new LinkedHashMap<>();
  /** Worker job type -> the methods serving it. */
  private static final Map<String, List<Method>> WORKERS = new TreeMap<>();

  @BeforeAll
  static void read() throws Exception {
    try (Stream<Path> files = Files.list(REPO.resolve("processes"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList()) {
        FILES.put(file.getFileName().toString(), Bpmn.readModelFromFile(file.toFile()));
      }
    }
    ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
    scan.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile("dev\\.pulse\\.[a-z]+\\.[A-Za-z]+Process")));
    for (BeanDefinition d : scan.findCandidateComponents("dev.pulse")) {
      Class<?> type = Class.forName(d.getBeanClassName());
      Map<String, String> constants = constants(type);
      if (constants.containsKey("ID")) {
        PROCESS_CLASSES.put(type, constants);
      }
    }
    ClassPathScanningCandidateComponentProvider components = new ClassPathScanningCandidateComponentProvider(false);
    components.addIncludeFilter(new AnnotationTypeFilter(Component.class));
    for (BeanDefinition d : components.findCandidateComponents("dev.pulse")) {
      Class<?> type = Class.forName(d.getBeanClassName());
      if (type.getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes")) {
        continue; // the test suite's own workers (foundation, monitoring) serve the tests' processes
      }
      for (Method m : type.getDeclaredMethods()) {
        JobWorker worker = m.getAnnotation(JobWorker.class);
        if (worker != null) {
          WORKERS.computeIfAbsent(worker.type(), t -> new ArrayList<>()).add(m);
        }
      }
    }
  }

  private static Map<String, String> constants(Class<?> type) throws IllegalAccessException {
    Map<String, String> constants = new LinkedHashMap<>();
    for (Field f : type.getDeclaredFields()) {
      int mod = f.getModifiers();
      if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && Modifier.isPublic(mod) && f.getType() == String.class) {
        constants.put(f.getName(), (String) f.get(null));
      }
    }
    return constants;
  }

  private static Map<String, String> withPrefix(Map<String, String> constants, String prefix) {
    return constants.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  private static Map<String, String> elementIds(Map<String, String> constants) {
    Map<String, String> ids = new TreeMap<>(constants);
    ids.keySet().removeIf(k -> k.equals("ID") || k.startsWith("JOB_") || k.startsWith("MESSAGE_") || k.startsWith("VARIABLE_"));
    return ids;
  }

  private static Set<String> jobTypes(BpmnModelInstance model) {
    Set<String> types = new TreeSet<>();
    model.getModelElementsByType(ZeebeTaskDefinition.class).forEach(t -> types.add(t.getType()));
    model.getModelElementsByType(ZeebeExecutionListener.class).forEach(l -> types.add(l.getType()));
    return types;
  }

  private static Set<String> messages(BpmnModelInstance model) {
    return model.getModelElementsByType(Message.class).stream().map(Message::getName).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The names on an element's {@code Inputs:} or {@code Outputs:} lines ("none" is none; "(...)" is commentary). */
  static Map<String, Set<String>> documented(BaseElement element) {
    Map<String, Set<String>> lists = new TreeMap<>();
    for (Documentation doc : element.getDocumentations()) {
      Matcher m = LIST.matcher(doc.getTextContent());
      while (m.find()) {
        Set<String> names = lists.computeIfAbsent(m.group(1), k -> new TreeSet<>());
        for (String name : m.group(2).replaceAll("\\([^)]*\\)", "").split(",")) {
          String n = name.strip().replaceAll("\\.$", "").strip();
          if (!n.isEmpty() && !n.equals("none")) {
            names.add(n);
          }
        }
      }
    }
    return lists;
  }

  private static String workerVariable(Parameter p) {
    Variable v = p.getAnnotation(Variable.class);
    if (v == null) {
      return null;
    }
    return !v.name().isEmpty() ? v.name() : !v.value().isEmpty() ? v.value() : p.getName();
  }

  @Test
  void bothSidesWereRead() {
    assertThat(FILES).containsKeys("survey-lifecycle.bpmn", "conversation.bpmn", "follow-up-unhappy.bpmn");
    assertThat(PROCESS_CLASSES.values()).extracting(c -> c.get("ID"))
        .contains("survey-lifecycle", "conversation", "follow-up-unhappy", "follow-up-neutral", "follow-up-happy");
    assertThat(WORKERS).containsKeys("send-survey", "route-conversation", "complete-delivery", "create-ticket");
  }

  @Test
  void eachProcessClassNamesOnlyWhatItsFileHasAndEveryJobTypeAndMessageOfTheFile() {
    Map<String, String> problems = new TreeMap<>();
    PROCESS_CLASSES.forEach((type, constants) -> {
      String id = constants.get("ID");
      String file = id + ".bpmn";
      String where = type.getSimpleName() + " / processes/" + file;
      BpmnModelInstance model = FILES.get(file);
      if (model == null) {
        problems.put(where, "no such file");
        return;
      }
      if (model.getModelElementById(id) == null) {
        problems.put(where + " ID", "the file's process id is not " + id);
      }
      Set<String> types = jobTypes(model);
      withPrefix(constants, "JOB_").forEach((k, v) -> {
        if (!types.contains(v)) problems.put(where + " " + k, "job type " + v + " is not in the file");
      });
      Set<String> declaredTypes = new TreeSet<>(withPrefix(constants, "JOB_").values());
      types.stream().filter(t -> !declaredTypes.contains(t)).forEach(t -> problems.put(where + " " + t, "job type of the file with no JOB_ constant"));
      Set<String> names = messages(model);
      withPrefix(constants, "MESSAGE_").forEach((k, v) -> {
        if (!names.contains(v)) problems.put(where + " " + k, "message " + v + " is not defined in the file");
      });
      Set<String> declaredMessages = new TreeSet<>(withPrefix(constants, "MESSAGE_").values());
      names.stream().filter(n -> !declaredMessages.contains(n)).forEach(n -> problems.put(where + " " + n, "message of the file with no MESSAGE_ constant"));
      elementIds(constants).forEach((k, v) -> {
        if (!(model.getModelElementById(v) instanceof FlowElement)) problems.put(where + " " + k, "element " + v + " is not in the file: reconciliation would resume at nothing");
      });
      Set<String> documentedVariables = new TreeSet<>();
      model.getModelElementsByType(BaseElement.class).forEach(e -> documented(e).values().forEach(documentedVariables::addAll));
      withPrefix(constants, "VARIABLE_").forEach((k, v) -> {
        if (!documentedVariables.contains(v)) problems.put(where + " " + k, "variable " + v + " is on no Inputs:/Outputs: line of the file");
      });
    });
    assertThat(problems).as("process constants classes vs their BPMN files").isEmpty();
  }

  @Test
  void everyJobTypeOfADiagramHasAWorkerAndEveryWorkerServesAProcessClassJobType() {
    Map<String, Set<String>> withoutWorker = new TreeMap<>();
    FILES.forEach((file, model) -> jobTypes(model).stream().filter(t -> !WORKERS.containsKey(t))
        .forEach(t -> withoutWorker.computeIfAbsent(t, k -> new TreeSet<>()).add(file)));
    assertThat(withoutWorker).as("job types in diagrams (type -> files) that no @JobWorker serves: their instances would wait forever").isEmpty();
    Set<String> declared = PROCESS_CLASSES.values().stream().flatMap(c -> withPrefix(c, "JOB_").values().stream()).collect(Collectors.toSet());
    Map<String, String> idle = new TreeMap<>();
    WORKERS.forEach((t, methods) -> {
      if (!declared.contains(t)) idle.put(t, methods.toString());
    });
    assertThat(idle).as("workers that no process constants class (JOB_*) declares: renamed in Modeler, or a process class missing?").isEmpty();
  }

  @Test
  void everyServiceTaskDocumentsWhatItsWorkerReadsAndWhatItWrites() {
    Map<String, String> problems = new TreeMap<>();
    FILES.forEach((file, model) -> {
      for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
        String where = file + " " + task.getId();
        ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
        Map<String, Set<String>> lists = documented(task);
        if (!lists.containsKey("Inputs") || !lists.containsKey("Outputs")) {
          problems.put(where, "documentation has no 'Inputs:' and 'Outputs:' lines");
          continue;
        }
        if (definition == null || !WORKERS.containsKey(definition.getType())) {
          continue;
        }
        Set<String> read = new TreeSet<>();
        WORKERS.get(definition.getType()).forEach(m -> Arrays.stream(m.getParameters()).map(ProcessContractTest::workerVariable)
            .filter(v -> v != null).forEach(read::add));
        Set<String> undocumented = new TreeSet<>(read);
        undocumented.removeAll(lists.get("Inputs"));
        if (!undocumented.isEmpty()) {
          problems.put(where, "its worker (" + definition.getType() + ") reads " + undocumented + ", not on the Inputs: line " + lists.get("Inputs"));
        }
        Set<String> stale = new TreeSet<>(lists.get("Inputs"));
        stale.removeAll(read);
        if (!stale.isEmpty()) {
          problems.put(where + " (stale)", "Inputs: names " + stale + ", which its worker (" + definition.getType() + ") does not read " + read);
        }
      }
    });
    FILES.forEach((file, model) -> {
      for (ZeebeExecutionListener listener : model.getModelElementsByType(ZeebeExecutionListener.class)) {
        // listener -> zeebe:executionListeners -> extensionElements -> the element it listens to
        BaseElement element = (BaseElement) listener.getParentElement().getParentElement().getParentElement();
        Set<String> inputs = documented(element).getOrDefault("Inputs", Set.of());
        Set<String> undocumented = new TreeSet<>();
        WORKERS.getOrDefault(listener.getType(), List.of()).forEach(m -> Arrays.stream(m.getParameters()).map(ProcessContractTest::workerVariable)
            .filter(v -> v != null && !inputs.contains(v)).forEach(undocumented::add));
        if (!undocumented.isEmpty()) {
          problems.put(file + " " + element.getId() + " listener " + listener.getType(), "its worker reads " + undocumented + ", not on the element's Inputs: line " + inputs);
        }
      }
    });
    assertThat(problems).as("service tasks whose documentation does not say what the worker reads (see processes/README.md)").isEmpty();
  }

  @Test
  void theCodeNamesJobTypesMessagesAndElementIdsOnlyInTheProcessClasses() throws IOException {
    Pattern worker = Pattern.compile("@JobWorker\\(type = \"([^\"]+)\"");
    Pattern publish = Pattern.compile("publish\\(\"([^\"]+)\"");
    Pattern start = Pattern.compile("\\.(?:start|startBefore)\\(\"([^\"]+)\"");
    Pattern element = Pattern.compile("\"((?:Task|Gateway|End|Start|Timer|Message|Call|SubProcess|Event|Boundary)_[A-Za-z]+)\"");
    Map<String, Set<String>> literals = new TreeMap<>();
    try (Stream<Path> files = Files.walk(REPO.resolve("app/src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith("Process.java") || name.equals("TicketJobs.java")) {
          continue;
        }
        String text = Files.readString(file);
        for (Pattern p : List.of(worker, publish, start, element)) {
          Matcher m = p.matcher(text);
          while (m.find()) {
            literals.computeIfAbsent(REPO.relativize(file).toString(), k -> new TreeSet<>()).add(m.group(1));
          }
        }
      }
    }
    assertThat(literals).as("job types, messages, process and element ids written as literals (file -> literals): name the process class's constant instead").isEmpty();
  }
}
