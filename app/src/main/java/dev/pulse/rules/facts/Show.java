package dev.pulse.rules.facts;

/** Decision: show this chatflow or web survey, with its priority and trigger. */
public class Show extends Decision {

  private String id;
  private int priority;
  private String trigger;

  public Show() {}

  public Show(String id, int priority, String trigger) {
    this.id = id;
    this.priority = priority;
    this.trigger = trigger;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public int getPriority() {
    return priority;
  }

  public void setPriority(int priority) {
    this.priority = priority;
  }

  public String getTrigger() {
    return trigger;
  }

  public void setTrigger(String trigger) {
    this.trigger = trigger;
  }

  @Override
  public String toString() {
    return "Show[" + "id=" + id + ", " + "priority=" + priority + ", " + "trigger=" + trigger + "]";
  }
}
