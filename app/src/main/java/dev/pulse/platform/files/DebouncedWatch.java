package dev.pulse.platform.files;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch service read on its own daemon thread: the changes are collected until the folders have
 * been quiet for the debounce time (an editor's save is often a write and a rename), then handed
 * over as one set. What counts as a change, and what to do with it, is the caller's.
 *
 * @param <T> what a change names (a file, a rule domain)
 */
public final class DebouncedWatch<T> {

  private static final Logger LOG = LoggerFactory.getLogger(DebouncedWatch.class);

  private final WatchService service;
  private final Thread thread;

  /**
   * Starts reading {@code service}, whose folders the caller registered.
   *
   * @param collect adds what one key's events name to the set (the key is reset afterwards)
   * @param handle receives each quiet set of changes
   */
  public DebouncedWatch(
      WatchService service, String threadName, Duration debounce, BiConsumer<WatchKey, Set<T>> collect, Consumer<Set<T>> handle) {
    this.service = service;
    this.thread = new Thread(() -> run(debounce.toMillis(), collect, handle), threadName);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(long debounceMillis, BiConsumer<WatchKey, Set<T>> collect, Consumer<Set<T>> handle) {
    try {
      while (true) {
        Set<T> changed = new LinkedHashSet<>();
        WatchKey key = service.take();
        do {
          collect.accept(key, changed);
          key.reset();
        } while ((key = service.poll(debounceMillis, TimeUnit.MILLISECONDS)) != null);
        handle.accept(changed);
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // stopping
    }
  }

  /** Closes the watch service and stops the thread. */
  public void stop() {
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("closing {}", thread.getName(), e);
    }
    thread.interrupt();
  }
}
