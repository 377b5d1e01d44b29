package dev.pulse.conversations.facts;

import dev.pulse.rules.facts.Decision;

/** Decision: give the conversation to this agent, and why. */
public class Assign extends Decision {

  private String conversationId;
  private String agentId;
  private String why;

  public Assign() {}

  public Assign(String conversationId, String agentId, String why) {
    this.conversationId = conversationId;
    this.agentId = agentId;
    this.why = why;
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

  public String getWhy() {
    return why;
  }

  public void setWhy(String why) {
    this.why = why;
  }

  @Override
  public String toString() {
    return "Assign[" + "conversationId=" + conversationId + ", " + "agentId=" + agentId + ", " + "why=" + why + "]";
  }
}
