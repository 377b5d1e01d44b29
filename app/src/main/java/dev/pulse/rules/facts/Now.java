package dev.pulse.rules.facts;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * The evaluation's "now", a fact so that rules about time are testable. It remembers the day
 * counts the rules asked about ({@link #daysAgo}): a date plus one of those counts is a moment at
 * which a decision may change by time alone, which is how Pulse knows when to decide a contact
 * again without anything else changing (the due-time index).
 */
public class Now {

  private Instant time;
  private final Set<Integer> askedDays = new TreeSet<>();

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
    synchronized (askedDays) {
      askedDays.add(days);
    }
    return time.minus(java.time.Duration.ofDays(days));
  }

  /** The day counts rules compared dates against during the evaluation. */
  public Set<Integer> askedDays() {
    synchronized (askedDays) {
      return Set.copyOf(askedDays);
    }
  }
}
