package dev.pulse.conversations.facts;

/** Whether an inbox can answer right now: available, away, at_capacity or offline. */
public class InboxState {

  private String inboxId;
  private InboxStatus state;

  public InboxState() {}

  public InboxState(String inboxId, InboxStatus state) {
    this.inboxId = inboxId;
    this.state = state;
  }

  public String getInboxId() {
    return inboxId;
  }

  public void setInboxId(String inboxId) {
    this.inboxId = inboxId;
  }

  public InboxStatus getState() {
    return state;
  }

  public void setState(InboxStatus state) {
    this.state = state;
  }

  @Override
  public String toString() {
    return "InboxState[inboxId=" + inboxId + ", state=" + state + "]";
  }
}
