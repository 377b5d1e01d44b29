package dev.pulse.rules.facts;

import java.time.Instant;

/** The evaluation's "now", a fact so that rules about time are testable. */
public class Now {

  private Instant time;

  public Now() {}

  public Now(Instant time) {
    this.time = time;
  }

  public Instant getTime() {
    return time;
  }

  public void setTime(Instant time) {
    this.time = time;
  }

  /** The instant {@code days} days before now. */
  public Instant daysAgo(int days) {
    return time.minus(java.time.Duration.ofDays(days));
  }
}
