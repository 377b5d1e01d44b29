package dev.pulse.conversations.facts;

import dev.pulse.rules.facts.Decision;

/** An agent who cannot take a conversation now, and why (seat, status, capacity, skills). */
public class Ineligible extends Decision {

  private String conversationId;
  private String agentId;
  private String reason;

  public Ineligible() {}

  public Ineligible(String conversationId, String agentId, String reason) {
    this.conversationId = conversationId;
    this.agentId = agentId;
    this.reason = reason;
  }

  public String getConversationId() {
    return conversationId;
  }

  public void setConversationId(String conversationId) {
    this.conversationId = conversationId;
  }

  public String getAgentId() {
    return agentId;
  }

  public void setAgentId(String agentId) {
    this.agentId = agentId;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  @Override
  public String toString() {
    return "Ineligible[" + "conversationId=" + conversationId + ", " + "agentId=" + agentId + ", " + "reason=" + reason + "]";
  }
}
