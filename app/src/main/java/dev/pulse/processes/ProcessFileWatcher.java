package dev.pulse.processes;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import dev.pulse.platform.files.DebouncedWatch;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deploys a BPMN file of the processes folder when it is created or changed, after the folder
 * has been quiet for the debounce time (an editor's save is often a write and a rename). A file
 * the engine refuses is recorded with its error and the previous version keeps running. A deleted
 * file undeploys nothing: instances of it may still be running.
 */
@Component
class ProcessFileWatcher implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessFileWatcher.class);

  private final ProcessDeployer deployer;
  private final ProcessProperties properties;
  private final dev.pulse.platform.audit.AuditLog audit;
  private final DeploymentRepository deployments;
  private volatile DebouncedWatch<String> watch;

  ProcessFileWatcher(ProcessDeployer deployer, ProcessProperties properties, dev.pulse.platform.audit.AuditLog audit, DeploymentRepository deployments) {
    this.deployments = deployments;
    this.audit = audit;
    this.deployer = deployer;
    this.properties = properties;
  }

  @Override
  public void start() {
    Path folder = properties.dir();
    if (!properties.watch() || !Files.isDirectory(folder)) {
      return;
    }
    try {
      WatchService service = FileSystems.getDefault().newWatchService();
      folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      watch = new DebouncedWatch<String>(service, "pulse-processes-watch", properties.watchDebounce(), ProcessFileWatcher::collect,
          changed -> changed.forEach(name -> deployChanged(folder, name)));
      LOG.info("Watching the processes folder {}", folder.toAbsolutePath().normalize());
    } catch (IOException e) {
      LOG.warn("Cannot watch the processes folder {}; deploy changes with POST /api/deployments: {}", folder, e.toString());
    }
  }

  private void deployChanged(Path folder, String name) {
    Path file = folder.resolve(name);
    if (!Files.isRegularFile(file)) {
      return;
    }
    try {
      byte[] content = Files.readAllBytes(file);
      if (deployments.latestChecksum(name).map(ProcessDeployer.sha256(content)::equals).orElse(false)) {
        return; // what was just deployed (an upload writes its file here too)
      }
      ProcessDeployer.Outcome outcome = deployer.deploy(name, content, "FILE_WATCH", "system");
      audit.record("BPMN_DEPLOY", name, outcome.rejected() != null
          ? java.util.Map.of("outcome", "REFUSED", "trigger", "FILE_WATCH", "error", outcome.rejected().error())
          : java.util.Map.of("outcome", "DEPLOYED", "trigger", "FILE_WATCH", "versions",
              outcome.deployed().stream().map(d -> d.processId() + " v" + d.version()).toList()));
      if (outcome.rejected() == null) {
        LOG.info("Deployed {} after it changed: {}", name, outcome.deployed());
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("Deploying {} after it changed failed", name, e);
    }
  }

  private static void collect(WatchKey key, Set<String> changed) {
    for (WatchEvent<?> event : key.pollEvents()) {
      String name = String.valueOf(event.context());
      if (name.endsWith(".bpmn") && !name.startsWith(".")) {
        changed.add(name);
      }
    }
  }

  @Override
  public void stop() {
    DebouncedWatch<String> current = watch;
    watch = null;
    if (current != null) {
      current.stop();
    }
  }

  @Override
  public boolean isRunning() {
    return watch != null;
  }
}
