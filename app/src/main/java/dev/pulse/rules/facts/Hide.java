package dev.pulse.rules.facts;

/** Decision: do not show this chatflow or web survey, and why. */
public class Hide extends Decision {

  private String id;
  private String reason;

  public Hide() {}

  public Hide(String id, String reason) {
    this.id = id;
    this.reason = reason;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  @Override
  public String toString() {
    return "Hide[" + "id=" + id + ", " + "reason=" + reason + "]";
  }
}
