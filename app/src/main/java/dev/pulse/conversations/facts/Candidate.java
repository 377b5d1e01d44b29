package dev.pulse.conversations.facts;

/** An agent the routing policy allows for a conversation, and why. */
public class Candidate {

  private String conversationId;
  private String agentId;
  private String why;
  /** The agent's open conversations on the conversation's channel, and when it last got one: the ordering. */
  private int load;
  private long lastAssigned;

  public Candidate() {}

  public Candidate(String conversationId, String agentId, String why) {
    this.conversationId = conversationId;
    this.agentId = agentId;
    this.why = why;
  }

  public Candidate(String conversationId, Agent agent, String channel, String why) {
    this(conversationId, agent.getId(), why);
    this.load = agent.getLoad(); // least loaded: open conversations of every channel
    this.lastAssigned = agent.lastAssignedMillis();
  }

  public int getLoad() {
    return load;
  }

  public long getLastAssigned() {
    return lastAssigned;
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
    return "Candidate[" + "conversationId=" + conversationId + ", " + "agentId=" + agentId + ", " + "why=" + why + "]";
  }
}
