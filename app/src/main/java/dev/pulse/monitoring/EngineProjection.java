package dev.pulse.monitoring;

/**
 * The projection of the embedded engine's records into the {@code monitor_*} tables, as the rest
 * of Pulse sees it. The embedded runtime (module {@code embedded}) provides the real one; the
 * production artifact, which has no embedded engine, gets {@link #NONE}.
 */
public interface EngineProjection {

  /** What a server without an embedded engine has: nothing projected, ever. */
  EngineProjection NONE = new EngineProjection() {
    @Override
    public boolean active() {
      return false;
    }

    @Override
    public void catchUp() {}

    @Override
    public long batchesProjected() {
      return 0;
    }

    @Override
    public boolean awaitBatchAfter(long seen, long nanos) {
      return false;
    }
  };

  /** True when an embedded engine's records are projected (embedded mode). */
  boolean active();

  /** Projects every record the engine has written so far, now. */
  void catchUp();

  /** Batches projected so far; operations wait on it for what the engine did after their command. */
  long batchesProjected();

  /** Waits until a batch after the {@code seen}-th is projected; false when the time ran out first. */
  boolean awaitBatchAfter(long seen, long nanos) throws InterruptedException;

  /** A variable's JSON text without its quotes when it is a JSON string. */
  static String unquote(String json) {
    return json != null && json.length() >= 2 && json.startsWith("\"") && json.endsWith("\"") ? json.substring(1, json.length() - 1) : json;
  }
}
