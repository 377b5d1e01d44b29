package dev.pulse.rules.facts;

/** A live chat or bot the website can show, with its targeting. */
public class Chatflow {

  private String id;
  private boolean enabled;
  private int priority;
  private String urlPattern;
  private boolean hideOnMobile;

  public Chatflow() {}

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getPriority() {
    return priority;
  }

  public void setPriority(int priority) {
    this.priority = priority;
  }

  public String getUrlPattern() {
    return urlPattern;
  }

  public void setUrlPattern(String urlPattern) {
    this.urlPattern = urlPattern;
  }

  public boolean isHideOnMobile() {
    return hideOnMobile;
  }

  public void setHideOnMobile(boolean hideOnMobile) {
    this.hideOnMobile = hideOnMobile;
  }

  @Override
  public String toString() {
    return "Chatflow[" + "id=" + id + ", " + "enabled=" + enabled + ", " + "priority=" + priority + ", " + "urlPattern=" + urlPattern + ", " + "hideOnMobile=" + hideOnMobile + "]";
  }

  /** True when {@code url} matches this chatflow's URL pattern ({@code *} matches anything; no pattern matches every page). */
  public boolean showsOn(String url) {
    return UrlPattern.matches(urlPattern, url);
  }
}
