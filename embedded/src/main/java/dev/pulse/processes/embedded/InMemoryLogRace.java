package dev.pulse.processes.embedded;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For the test engine (zeebe-process-test), which process scenarios, the process tests' kit and the engine
 * benchmark's baseline still start; Pulse's own engine has a log of its own. Works around a data
 * race in that in-process engine: its in-memory log keeps entries in a plain
 * {@code ArrayList} that one thread appends to while the stream processor (and the record stream)
 * read from others. Under load a reader can see a slot of a growing array before it is filled,
 * which kills the stream processor with a NullPointerException ("Actor StreamProcessor-1 failed")
 * and leaves the engine answering nothing. Seen in this project's CI. Before the engine starts,
 * the list is swapped for a synchronized one; if the engine's internals ever change shape, this
 * logs and leaves them alone.
 */
public final class InMemoryLogRace {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryLogRace.class);
  private static final String STORAGE = "io.camunda.zeebe.process.test.engine.InMemoryLogStorage";

  private InMemoryLogRace() {}

  /** Call between {@code EngineFactory.create} and {@code start()}. True when the log was made safe. */
  public static boolean guard(Object engine) {
    try {
      Object storage = find(engine, 4, new IdentityHashMap<>());
      if (storage == null) {
        LOG.warn("The engine's in-memory log was not found; its append/read race is not guarded");
        return false;
      }
      Field entries = storage.getClass().getDeclaredField("logEntries");
      entries.setAccessible(true);
      @SuppressWarnings("unchecked")
      List<Object> current = (List<Object>) entries.get(storage);
      entries.set(storage, Collections.synchronizedList(new ArrayList<>(current)));
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("Could not guard the engine's in-memory log against its append/read race: {}", e.toString());
      return false;
    }
  }

  private static Object find(Object node, int depth, Map<Object, Boolean> seen) throws IllegalAccessException {
    if (node == null || depth < 0 || seen.put(node, Boolean.TRUE) != null) {
      return null;
    }
    if (node.getClass().getName().equals(STORAGE)) {
      return node;
    }
    if (!node.getClass().getName().startsWith("io.camunda.zeebe")) {
      return null;
    }
    for (Class<?> type = node.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
          continue;
        }
        try {
          field.setAccessible(true);
        } catch (RuntimeException inaccessible) {
          continue;
        }
        Object found = find(field.get(node), depth - 1, seen);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
