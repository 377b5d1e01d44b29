package dev.pulse.rules.facts;

/**
 * A fact a rule inserts as its answer (Eligible, Excluded, Bucket, Show, Hide, Assign, Queue).
 * The evaluator fills in {@link #getRule()} with the name of the rule that inserted it, so rules
 * need not repeat their own name.
 */
public abstract class Decision {

  private String rule;

  /** The rule that decided this. */
  public String getRule() {
    return rule;
  }

  public void setRule(String rule) {
    this.rule = rule;
  }
}
