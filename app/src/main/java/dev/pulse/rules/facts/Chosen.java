package dev.pulse.rules.facts;

/** Decision: of the chatflows (or of the web surveys) that may show, the visitor sees this one. */
public class Chosen extends Decision {

  private String id;
  private String why;

  public Chosen() {}

  public Chosen(String id, String why) {
    this.id = id;
    this.why = why;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getWhy() {
    return why;
  }

  public void setWhy(String why) {
    this.why = why;
  }

  @Override
  public String toString() {
    return "Chosen[id=" + id + ", why=" + why + "]";
  }
}
