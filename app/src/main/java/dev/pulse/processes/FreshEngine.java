package dev.pulse.processes;

/**
 * An engine that starts empty at every start (the embedded one), whose instance keys start over
 * at the same numbers: stored keys from an earlier run name nothing there, or something else.
 * Provided by the embedded runtime; a cluster has none.
 */
public interface FreshEngine {

  /** True for the first caller only: the application context that adopts the fresh engine. */
  boolean adoptFresh();
}
