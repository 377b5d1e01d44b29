package dev.pulse.rules;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import dev.pulse.platform.files.DebouncedWatch;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a domain when a file in its folder is created, changed or deleted. Waits for the
 * folder to be quiet for the debounce time first, so an editor's save (often a write and a
 * rename) is one rebuild.
 */
@Component
class RuleFileWatcher implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(RuleFileWatcher.class);

  private final RuleBases ruleBases;
  private final RuleProperties properties;
  private volatile DebouncedWatch<RuleDomain> watch;

  RuleFileWatcher(RuleBases ruleBases, RuleProperties properties) {
    this.ruleBases = ruleBases;
    this.properties = properties;
  }

  @Override
  public void start() {
    if (!properties.watch()) {
      return;
    }
    try {
      WatchService service = FileSystems.getDefault().newWatchService();
      Map<WatchKey, RuleDomain> keys = new HashMap<>();
      for (RuleDomain domain : RuleDomain.values()) {
        if (ruleBases.sources().onDisk(domain)) {
          Path folder = ruleBases.sources().folder(domain);
          keys.put(
              folder.register(
                  service,
                  StandardWatchEventKinds.ENTRY_CREATE,
                  StandardWatchEventKinds.ENTRY_MODIFY,
                  StandardWatchEventKinds.ENTRY_DELETE),
              domain);
        }
      }
      if (keys.isEmpty()) {
        service.close();
        return;
      }
      watch = new DebouncedWatch<RuleDomain>(service, "pulse-rules-watch", properties.watchDebounce(), (key, changed) -> collect(key, keys, changed),
          changed -> changed.forEach(this::reload));
      LOG.info("Watching {} rule folder(s) under {}", keys.size(), properties.dir().toAbsolutePath().normalize());
    } catch (IOException e) {
      LOG.warn("Cannot watch the rules folder {}; changes need POST /api/rules/{{domain}}/reload: {}", properties.dir(), e.toString());
    }
  }

  private void reload(RuleDomain domain) {
    try {
      ruleBases.reload(domain, "FILE_WATCH");
    } catch (RuntimeException e) {
      LOG.error("Reloading the {} rules after a file change failed", domain.id(), e);
    }
  }

  private static void collect(WatchKey key, Map<WatchKey, RuleDomain> keys, Set<RuleDomain> changed) {
    boolean relevant =
        key.pollEvents().stream()
            .anyMatch(e -> e.kind() == StandardWatchEventKinds.OVERFLOW || String.valueOf(e.context()).endsWith(".drl"));
    if (relevant && keys.containsKey(key)) {
      changed.add(keys.get(key));
    }
  }

  @Override
  public void stop() {
    DebouncedWatch<RuleDomain> current = watch;
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
