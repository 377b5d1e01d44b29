package dev.pulse.conversations.facts;

/** How an inbox or channel routes: SPECIFIC users and teams, the CONTACT_OWNER (falling back to the users and teams), or NONE (wait in the queue); optionally only agents who are available. */
public class RoutingPolicy {

  private String inboxId;
  private RoutingMode mode;
  private java.util.Set<String> userIds = new java.util.HashSet<>();
  private java.util.Set<String> teamIds = new java.util.HashSet<>();
  private boolean onlyAvailable = true;

  public RoutingPolicy() {}

  public String getInboxId() {
    return inboxId;
  }

  public void setInboxId(String inboxId) {
    this.inboxId = inboxId;
  }

  public RoutingMode getMode() {
    return mode;
  }

  public void setMode(RoutingMode mode) {
    this.mode = mode;
  }

  public java.util.Set<String> getUserIds() {
    return userIds;
  }

  public void setUserIds(java.util.Set<String> userIds) {
    this.userIds = userIds;
  }

  public java.util.Set<String> getTeamIds() {
    return teamIds;
  }

  public void setTeamIds(java.util.Set<String> teamIds) {
    this.teamIds = teamIds;
  }

  public boolean isOnlyAvailable() {
    return onlyAvailable;
  }

  public void setOnlyAvailable(boolean onlyAvailable) {
    this.onlyAvailable = onlyAvailable;
  }

  @Override
  public String toString() {
    return "RoutingPolicy[" + "inboxId=" + inboxId + ", " + "mode=" + mode + ", " + "userIds=" + userIds + ", " + "teamIds=" + teamIds + ", " + "onlyAvailable=" + onlyAvailable + "]";
  }
}
