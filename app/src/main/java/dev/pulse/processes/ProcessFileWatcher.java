package dev.pulse.processes;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
  private volatile WatchService watcher;
  private volatile Thread thread;

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
      watcher = service;
      thread = new Thread(() -> watch(service, folder), "pulse-processes-watch");
      thread.setDaemon(true);
      thread.start();
      LOG.info("Watching the processes folder {}", folder.toAbsolutePath().normalize());
    } catch (IOException e) {
      LOG.warn("Cannot watch the processes folder {}; deploy changes with POST /api/deployments: {}", folder, e.toString());
    }
  }

  private void watch(WatchService service, Path folder) {
    long debounceMillis = properties.watchDebounce().toMillis();
    try {
      while (true) {
        Set<String> changed = new LinkedHashSet<>();
        collect(service.take(), changed);
        WatchKey next;
        while ((next = service.poll(debounceMillis, TimeUnit.MILLISECONDS)) != null) {
          collect(next, changed);
        }
        for (String name : changed) {
          Path file = folder.resolve(name);
          if (!Files.isRegularFile(file)) {
            continue;
          }
          try {
            byte[] content = Files.readAllBytes(file);
            if (deployments.latestChecksum(name).map(ProcessDeployer.sha256(content)::equals).orElse(false)) {
              continue; // what was just deployed (an upload writes its file here too)
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
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // stopping
    }
  }

  private static void collect(WatchKey key, Set<String> changed) {
    for (WatchEvent<?> event : key.pollEvents()) {
      String name = String.valueOf(event.context());
      if (name.endsWith(".bpmn") && !name.startsWith(".")) {
        changed.add(name);
      }
    }
    key.reset();
  }

  @Override
  public void stop() {
    WatchService service = watcher;
    watcher = null;
    if (service != null) {
      try {
        service.close();
      } catch (IOException e) {
        LOG.debug("closing the processes watcher", e);
      }
    }
    if (thread != null) {
      thread.interrupt();
      thread = null;
    }
  }

  @Override
  public boolean isRunning() {
    return watcher != null;
  }
}
