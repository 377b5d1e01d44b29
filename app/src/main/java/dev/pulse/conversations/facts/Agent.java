package dev.pulse.conversations.facts;

/** A user who can take conversations, with status, seat and load. */
public class Agent {

  private String id;
  private AgentStatus status;
  private boolean paidSeat;
  private java.util.Set<String> teams = new java.util.HashSet<>();
  private java.util.Set<String> skills = new java.util.HashSet<>();
  private int capacity;
  private int load;
  /** Per channel, when set: overrides capacity and load for that channel. */
  private java.util.Map<String, Integer> channelCapacity = new java.util.HashMap<>();
  private java.util.Map<String, Integer> channelLoad = new java.util.HashMap<>();
  /** When the agent last got a conversation: the round-robin tie-break. */
  private java.time.Instant lastAssignedAt;

  public Agent() {}

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public AgentStatus getStatus() {
    return status;
  }

  public void setStatus(AgentStatus status) {
    this.status = status;
  }

  public boolean isPaidSeat() {
    return paidSeat;
  }

  public void setPaidSeat(boolean paidSeat) {
    this.paidSeat = paidSeat;
  }

  public java.util.Set<String> getTeams() {
    return teams;
  }

  public void setTeams(java.util.Set<String> teams) {
    this.teams = teams;
  }

  public java.util.Set<String> getSkills() {
    return skills;
  }

  public void setSkills(java.util.Set<String> skills) {
    this.skills = skills;
  }

  public int getCapacity() {
    return capacity;
  }

  public void setCapacity(int capacity) {
    this.capacity = capacity;
  }

  public int getLoad() {
    return load;
  }

  public void setLoad(int load) {
    this.load = load;
  }

  public java.util.Map<String, Integer> getChannelCapacity() {
    return channelCapacity;
  }

  public void setChannelCapacity(java.util.Map<String, Integer> channelCapacity) {
    this.channelCapacity = channelCapacity == null ? new java.util.HashMap<>() : channelCapacity;
  }

  public java.util.Map<String, Integer> getChannelLoad() {
    return channelLoad;
  }

  public void setChannelLoad(java.util.Map<String, Integer> channelLoad) {
    this.channelLoad = channelLoad == null ? new java.util.HashMap<>() : channelLoad;
  }

  public java.time.Instant getLastAssignedAt() {
    return lastAssignedAt;
  }

  public void setLastAssignedAt(java.time.Instant lastAssignedAt) {
    this.lastAssignedAt = lastAssignedAt;
  }

  /** The agent's capacity for a channel (its own setting, else the overall one). */
  public int capacityFor(String channel) {
    return channelCapacity.getOrDefault(channel, capacity);
  }

  /** The agent's open conversations on a channel (0 when it has none there). */
  public int loadFor(String channel) {
    return channelLoad.getOrDefault(channel, 0);
  }

  /**
   * Full for a new conversation on {@code channel}: its open conversations of every channel reach
   * its overall capacity, or those of this channel reach the channel's own capacity, when it has
   * one. The one test routing, inbox availability and chat targeting all use.
   */
  public boolean atCapacityFor(String channel) {
    Integer own = channel == null ? null : channelCapacity.get(channel);
    return load >= capacity || (own != null && loadFor(channel) >= own);
  }

  /** Why {@link #atCapacityFor} says so, for the trace: "3 of 3 open" or "CHAT 2 of 2". */
  public String capacityDetail(String channel) {
    Integer own = channel == null ? null : channelCapacity.get(channel);
    if (own != null && loadFor(channel) >= own) {
      return channel + " " + loadFor(channel) + " of " + own;
    }
    return load + " of " + capacity + " open";
  }

  /** True when the agent has every one of the skills (none asked: true). */
  public boolean hasSkills(java.util.Collection<String> required) {
    return required == null || skills.containsAll(required);
  }

  /** The round-robin order among equally loaded agents: never assigned first, then longest ago. */
  public long lastAssignedMillis() {
    return lastAssignedAt == null ? Long.MIN_VALUE : lastAssignedAt.toEpochMilli();
  }

  public boolean inAnyTeam(java.util.Collection<String> teamIds) {
    for (String t : teamIds) {
      if (teams.contains(t)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Agent[" + "id=" + id + ", " + "status=" + status + ", " + "paidSeat=" + paidSeat + ", " + "teams=" + teams + ", " + "skills=" + skills + ", " + "capacity=" + capacity + ", " + "load=" + load + "]";
  }
}
