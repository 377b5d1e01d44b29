package dev.pulse.rules.facts;

/** Whether an inbox can answer right now: available, away, at_capacity or offline. */
public class InboxState {

  private String inboxId;
  private String state;

  public InboxState() {}

  public InboxState(String inboxId, String state) {
    this.inboxId = inboxId;
    this.state = state;
  }

  public String getInboxId() {
    return inboxId;
  }

  public void setInboxId(String inboxId) {
    this.inboxId = inboxId;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  @Override
  public String toString() {
    return "InboxState[inboxId=" + inboxId + ", state=" + state + "]";
  }
}
