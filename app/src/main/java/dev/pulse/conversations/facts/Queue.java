package dev.pulse.conversations.facts;

import dev.pulse.rules.facts.Decision;

/** Decision: nobody can take the conversation now; it waits, and why. */
public class Queue extends Decision {

  private String conversationId;
  private String reason;

  public Queue() {}

  public Queue(String conversationId, String reason) {
    this.conversationId = conversationId;
    this.reason = reason;
  }

  public String getConversationId() {
    return conversationId;
  }

  public void setConversationId(String conversationId) {
    this.conversationId = conversationId;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  @Override
  public String toString() {
    return "Queue[" + "conversationId=" + conversationId + ", " + "reason=" + reason + "]";
  }
}
