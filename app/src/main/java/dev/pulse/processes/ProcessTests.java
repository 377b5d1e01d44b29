package dev.pulse.processes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The analysts' process scenarios ({@code processes/tests/*.yaml}, see {@link ProcessScenarios}):
 * run on request against what runs or a candidate file, and as the gate every BPMN change passes
 * before it reaches the engine (from the folder, the API or a rollback). They run on a throwaway
 * engine ({@link ProcessTestEngine}); a build without one (the production artifact) runs none and
 * says so, and CI runs them instead.
 */
@Service
public class ProcessTests {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessTests.class);

  /** How a candidate fared: {@code summary} null when no scenario ran. */
  public record Gate(String summary, List<String> failures) {
    static final Gate NONE = new Gate(null, List.of());
  }

  /** One request's run: the process, whether a candidate was tested, and each case. */
  public record Run(String processId, boolean candidate, String summary, int passed, int failed, List<ProcessScenarios.Result> results,
      Map<String, String> invalidFiles) {}

  /** The scenario files of the folder: readable ones, and the others with what is wrong. */
  public record Files(Map<String, ProcessScenarioFiles.Scenario> scenarios, Map<String, String> invalid) {
    List<ProcessScenarioFiles.Scenario> of(Set<String> processIds) {
      return scenarios.values().stream().filter(s -> processIds.contains(s.processId())).toList();
    }
  }

  /** There is no engine to run scenarios on in this build. */
  public static final class NoTestEngine extends RuntimeException {
    NoTestEngine() {
      super("This build carries no process test engine (the production artifact carries no engine code): process scenarios run in the test suite"
          + " (./mvnw test) and on an embedded Pulse (java -jar pulse-embedded.jar)");
    }
  }

  private final ObjectProvider<ProcessTestEngine.Provider> engines;
  private final ProcessProperties properties;
  private final DeploymentRepository deployments;
  private final AtomicBoolean saidNoEngine = new AtomicBoolean();

  ProcessTests(ObjectProvider<ProcessTestEngine.Provider> engines, ProcessProperties properties, DeploymentRepository deployments) {
    this.engines = engines;
    this.properties = properties;
    this.deployments = deployments;
  }

  public boolean available() {
    return engines.getIfAvailable() != null;
  }

  public Files files() {
    Map<String, ProcessScenarioFiles.Scenario> scenarios = new LinkedHashMap<>();
    Map<String, String> invalid = new LinkedHashMap<>();
    ProcessScenarioFiles.files(properties.dir()).forEach((name, text) -> {
      try {
        scenarios.put(name, ProcessScenarioFiles.parse(name, text));
      } catch (ProcessScenarioFiles.InvalidScenario e) {
        invalid.put(name, e.getMessage());
      }
    });
    return new Files(scenarios, invalid);
  }

  /**
   * Runs the scenarios of the processes a changed file defines, with the file in place of its
   * deployed version. No run when the file is what already runs, when none of its processes has
   * scenarios, when this build has no test engine, or at start for a file with no earlier version
   * (nothing to keep running instead).
   */
  Gate gate(String resource, byte[] content, String checksum, boolean startup) {
    // first the one cheap query: every start passes each unchanged file through here
    Optional<DeploymentRepository.Stored> live = deployments.lastGoodStored(resource);
    if (live.map(l -> l.checksum().equals(checksum)).orElse(startup)) {
      return Gate.NONE;
    }
    Set<String> ids = ProcessScenarios.processIds(content);
    if (ids.isEmpty()) {
      return Gate.NONE; // the engine refuses it, naming the parse error
    }
    Files files = files();
    List<ProcessScenarioFiles.Scenario> scenarios = files.of(ids);
    if (scenarios.isEmpty()) {
      files.invalid().forEach((file, error) -> LOG.warn("Process scenario file {} cannot be read and gates nothing: {}", file, error));
      return Gate.NONE;
    }
    ProcessTestEngine.Provider provider = engines.getIfAvailable();
    if (provider == null) {
      if (saidNoEngine.compareAndSet(false, true)) {
        LOG.warn("Process scenarios gate no deployment here: {}", new NoTestEngine().getMessage());
      }
      return Gate.NONE;
    }
    Map<String, byte[]> resources = folder();
    resources.put(resource, content);
    List<ProcessScenarios.Result> results = new ArrayList<>();
    long started = System.nanoTime();
    for (ProcessScenarioFiles.Scenario scenario : scenarios) {
      results.addAll(ProcessScenarios.run(provider, resources, scenario));
    }
    LOG.info("{} against {}: {} in {} ms", scenarios.stream().map(ProcessScenarioFiles.Scenario::file).toList(), resource, ProcessScenarios.summary(results),
        (System.nanoTime() - started) / 1_000_000);
    return new Gate(ProcessScenarios.summary(results), ProcessScenarios.failures(results));
  }

  /**
   * Runs a process's scenarios against what runs now (its newest deployed version), or against a
   * candidate file's content when given; nothing is deployed.
   */
  public Run run(String processId, byte[] candidate) {
    ProcessTestEngine.Provider provider = engines.getIfAvailable();
    if (provider == null) {
      throw new NoTestEngine();
    }
    Files files = files();
    List<ProcessScenarioFiles.Scenario> scenarios = files.of(Set.of(processId));
    Map<String, byte[]> resources = folder();
    String resource = deployments.resourceOf(processId).orElse(processId + ".bpmn");
    if (candidate != null) {
      resources.put(resource, candidate);
    } else {
      deployments.lastGoodStored(resource).ifPresent(live -> resources.put(resource, live.content().getBytes(StandardCharsets.UTF_8)));
    }
    List<ProcessScenarios.Result> results = new ArrayList<>();
    for (ProcessScenarioFiles.Scenario scenario : scenarios) {
      results.addAll(ProcessScenarios.run(provider, resources, scenario));
    }
    int passed = (int) results.stream().filter(ProcessScenarios.Result::passed).count();
    return new Run(processId, candidate != null, ProcessScenarios.summary(results), passed, results.size() - passed, results, files.invalid());
  }

  private Map<String, byte[]> folder() {
    Map<String, byte[]> resources = new LinkedHashMap<>();
    BpmnResources.load(properties.dir()).forEach(f -> resources.put(f.name(), f.content()));
    return resources;
  }
}
