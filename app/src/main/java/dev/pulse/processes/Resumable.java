package dev.pulse.processes;

import java.util.List;
import java.util.function.LongPredicate;

/**
 * Business records that drive a process instance (deliveries, conversations). After a restart of
 * an embedded engine, or any lost instance, {@link Reconciliation} asks each to resume the ones
 * whose instance is gone, at the element that matches their stored state.
 */
public interface Resumable {

  /** What was resumed: the record, the new instance and the element it started before. */
  record Resumed(String kind, String id, String state, long processInstanceKey, String atElement) {}

  /**
   * Resumes every open record whose instance is not alive.
   *
   * @param alive true for a process instance key the engine still runs
   */
  List<Resumed> resume(LongPredicate alive);

  /**
   * Forgets the instance key of every record: the engine that ran those instances is gone and
   * its successor reuses the same keys, so a stored key would name another instance or none. Runs
   * before anything can start an instance on the new engine; the records are then resumed.
   */
  void forgetInstances();
}
