package dev.pulse.processes;

import dev.pulse.platform.web.EngineErrors;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Process;
import io.grpc.Status;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * Deploys the analysts' BPMN files. Each file is its own deployment, so a broken file is reported
 * (name and the engine's parser message) and the others still deploy; the engine keeps serving
 * the previous version of a file it refused. Unchanged files are not re-versioned: the engine
 * recognises identical resources.
 */
@Service
public class ProcessDeployer {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessDeployer.class);
  private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(30);

  public record Deployed(String resource, String processId, int version, long definitionKey) {}

  public record Rejected(String resource, String error) {}

  public record Report(String source, List<Deployed> deployed, List<Rejected> rejected) {}

  private final CamundaClient client;
  private final DeploymentRepository deployments;
  private final ProcessProperties properties;
  private final boolean embedded;

  private final Reconciliation reconciliation;
  private final ProcessTests tests;

  ProcessDeployer(
      CamundaClient client, DeploymentRepository deployments, ProcessProperties properties, Environment env, Reconciliation reconciliation, ProcessTests tests) {
    this.reconciliation = reconciliation;
    this.tests = tests;
    this.client = client;
    this.deployments = deployments;
    this.properties = properties;
    this.embedded = dev.pulse.platform.RuntimeMode.embedded(env);
  }

  @EventListener(ApplicationReadyEvent.class)
  @org.springframework.core.annotation.Order(0)
  void deployOnStart() {
    if (embedded && reconciliation.adoptedFreshEngine()) {
      // the embedded engine starts empty: every version it had is deployed again, in order, so
      // that versions, diffs and rollbacks survive, and a file refused now leaves its last good
      // version running instead of no process at all
      List<DeploymentRepository.Stored> history = deployments.deployedHistory();
      deployments.retireAll();
      int failed = 0;
      for (DeploymentRepository.Stored stored : history) {
        failed += deploy(stored.resource(), stored.content().getBytes(java.nio.charset.StandardCharsets.UTF_8), "RESTORED", null).rejected() == null ? 0 : 1;
      }
      if (!history.isEmpty()) {
        LOG.info("Deployed the {} earlier deployment(s) again onto the fresh engine{}", history.size(), failed == 0 ? "" : "; " + failed + " refused now");
      }
    }
    Report report = deployAll("STARTUP");
    LOG.info(
        "Deployed {} process(es) from {}; {} file(s) refused{}",
        report.deployed().size(),
        report.source(),
        report.rejected().size(),
        report.rejected().isEmpty() ? "" : ": " + report.rejected());
  }

  /** Deploys every BPMN file of the processes folder (or the packed copy). */
  public Report deployAll(String trigger) {
    List<Deployed> deployed = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    for (BpmnResources.BpmnFile file : BpmnResources.load(properties.dir())) {
      if ("STARTUP".equals(trigger)) {
        java.util.Optional<DeploymentRepository.Stored> newer = deployments.supersededThroughApi(file.name(), sha256(file.content()));
        if (newer.isPresent()) {
          // the database is the source of truth: this copy is a version the API has since replaced
          LOG.warn("{} in {} is an older version, since replaced through the API; the newer version stays and is written there",
              file.name(), BpmnResources.source(properties.dir()));
          Outcome outcome = deploy(file.name(), newer.get().content().getBytes(java.nio.charset.StandardCharsets.UTF_8), trigger, null);
          deployed.addAll(outcome.deployed());
          try {
            writeToFolder(file.name(), newer.get().content().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          } catch (java.io.UncheckedIOException e) {
            LOG.warn("Could not write {} back: {}", file.name(), e.getCause().toString());
          }
          continue;
        }
      }
      Outcome outcome = deploy(file.name(), file.content(), trigger, null);
      deployed.addAll(outcome.deployed());
      if (outcome.rejected() != null) {
        rejected.add(outcome.rejected());
      }
    }
    return new Report(BpmnResources.source(properties.dir()), deployed, rejected);
  }

  /** What a deployment did; {@code scenarios} says how the process scenarios went ("8 of 8 scenarios passed"), null when none ran. */
  public record Outcome(List<Deployed> deployed, Rejected rejected, String scenarios) {
    public Outcome(List<Deployed> deployed, Rejected rejected) {
      this(deployed, rejected, null);
    }
  }

  /** Deploys one BPMN file; a refusal is recorded and returned, not thrown. */
  public Outcome deploy(String resource, byte[] content, String trigger, String by) {
    return deploy(resource, content, trigger, by, null);
  }

  /**
   * Deploys one BPMN file after its process scenarios ({@code processes/tests/}) pass against it
   * (see {@link ProcessTests#gate}); a failing scenario refuses it like a parse error, unless
   * {@code overrideReason} lets it through (the caller audits that). A refusal is recorded and
   * returned, not thrown.
   */
  public Outcome deploy(String resource, byte[] content, String trigger, String by, String overrideReason) {
    String checksum = sha256(content);
    String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
    ProcessTests.Gate gate = "RESTORED".equals(trigger) ? ProcessTests.Gate.NONE : tests.gate(resource, content, checksum, "STARTUP".equals(trigger));
    if (!gate.failures().isEmpty()) {
      java.util.Optional<String> lastGood = deployments.lastGood(resource);
      if (overrideReason != null) {
        LOG.warn("Process file {} fails {}, deployed anyway (override: {}): {}", resource, gate.summary(), overrideReason, gate.failures());
      } else if ("STARTUP".equals(trigger) && lastGood.isEmpty()) {
        LOG.error("Process file {} fails {}; deployed, since no earlier version of it runs: {}", resource, gate.summary(), gate.failures());
      } else {
        String keeps = lastGood.map(v -> "; the last good version (" + v + ") keeps running").orElse("; no earlier version of it runs");
        String error = "it fails its process scenarios (" + gate.summary() + "): " + String.join(" | ", gate.failures()) + keeps;
        LOG.error("Process file {} was refused and not deployed: {}", resource, error);
        deployments.recordRejected(resource, checksum, error, trigger, by, text);
        return new Outcome(List.of(), new Rejected(resource, error), gate.summary());
      }
    }
    Outcome outcome = deployChecked(resource, content, checksum, text, trigger, by);
    return gate.summary() == null ? outcome : new Outcome(outcome.deployed(), outcome.rejected(),
        gate.failures().isEmpty() || overrideReason == null ? gate.summary() : gate.summary() + ", overridden: " + overrideReason);
  }

  private Outcome deployChecked(String resource, byte[] content, String checksum, String text, String trigger, String by) {
    try {
      DeploymentEvent event =
          client
              .newDeployResourceCommand()
              .addResourceBytes(content, resource)
              .requestTimeout(DEPLOY_TIMEOUT)
              .send()
              .join();
      List<Deployed> result = new ArrayList<>();
      for (Process p : event.getProcesses()) {
        deployments.recordDeployed(resource, checksum, p.getBpmnProcessId(), p.getVersion(), p.getProcessDefinitionKey(), trigger, by, text);
        result.add(new Deployed(resource, p.getBpmnProcessId(), p.getVersion(), p.getProcessDefinitionKey()));
      }
      return new Outcome(result, null);
    } catch (ClientStatusException e) {
      if (e.getStatusCode() != Status.Code.INVALID_ARGUMENT) {
        throw e;
      }
      String error = EngineErrors.message(e);
      String keeps = deployments.lastGood(resource).map(v -> "; the last good version (" + v + ") keeps running").orElse("; no earlier version of it runs");
      LOG.error("Process file {} was refused and not deployed{}: {}", resource, keeps, error);
      deployments.recordRejected(resource, checksum, error + keeps, trigger, by, text);
      return new Outcome(List.of(), new Rejected(resource, error + keeps));
    }
  }

  /**
   * Keeps the folder in step with what is deployed (a restart deploys the folder): writes the file
   * atomically, unless it already holds these bytes; false when there is no folder.
   */
  boolean writeToFolder(String name, byte[] content) {
    java.nio.file.Path folder = properties.dir();
    if (!java.nio.file.Files.isDirectory(folder)) {
      return false;
    }
    try {
      java.nio.file.Path target = folder.resolve(name);
      if (java.nio.file.Files.exists(target) && java.util.Arrays.equals(java.nio.file.Files.readAllBytes(target), content)) {
        return true;
      }
      java.nio.file.Path tmp = folder.resolve("." + name + ".tmp");
      java.nio.file.Files.write(tmp, content);
      java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + name + " to the processes folder " + folder, e);
    }
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
