package dev.pulse.rules.facts;

/** A user who can take conversations, with status, seat and load. */
public class Agent {

  private String id;
  private String status;
  private boolean paidSeat;
  private java.util.Set<String> teams = new java.util.HashSet<>();
  private java.util.Set<String> skills = new java.util.HashSet<>();
  private int capacity;
  private int load;

  public Agent() {}

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
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

  @Override
  public String toString() {
    return "Agent[" + "id=" + id + ", " + "status=" + status + ", " + "paidSeat=" + paidSeat + ", " + "teams=" + teams + ", " + "skills=" + skills + ", " + "capacity=" + capacity + ", " + "load=" + load + "]";
  }
}
