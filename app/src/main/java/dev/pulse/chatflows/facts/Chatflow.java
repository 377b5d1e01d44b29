package dev.pulse.chatflows.facts;

import dev.pulse.rules.facts.FilterGroup;
import dev.pulse.rules.facts.UrlPattern;

/** A live chat or bot the website can show, with its targeting. */
public class Chatflow {

  private String id;
  private boolean enabled;
  private int priority;
  private String urlPattern;
  private boolean hideOnMobile;
  private String inboxId;
  /** When the inbox is offline: RETURN_TIME, AWAY_MESSAGE or HIDE_LAUNCHER. */
  private WhenOffline whenOffline;
  /** When everyone available is at capacity: WAITING_MESSAGE, HIDE_LAUNCHER or NOTHING. */
  private AtCapacity atCapacity;
  /** Who it is for: ALL, KNOWN_CONTACTS or UNKNOWN_VISITORS. */
  private Visitors visitors = Visitors.ALL;
  /** When set, only contacts in one of these lists see it. */
  private java.util.Set<String> listIds = new java.util.HashSet<>();
  /** When set, only contacts matching one of these groups (OR across groups, AND inside) see it. */
  private java.util.List<FilterGroup> contactFilters = new java.util.ArrayList<>();

  public Chatflow() {}

  public Visitors getVisitors() {
    return visitors;
  }

  public void setVisitors(Visitors visitors) {
    this.visitors = visitors == null ? Visitors.ALL : visitors;
  }

  public java.util.Set<String> getListIds() {
    return listIds;
  }

  public void setListIds(java.util.Set<String> listIds) {
    this.listIds = listIds == null ? new java.util.HashSet<>() : listIds;
  }

  public java.util.List<FilterGroup> getContactFilters() {
    return contactFilters;
  }

  public void setContactFilters(java.util.List<FilterGroup> contactFilters) {
    this.contactFilters = contactFilters == null ? new java.util.ArrayList<>() : contactFilters;
  }

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

  public String getInboxId() {
    return inboxId;
  }

  public void setInboxId(String inboxId) {
    this.inboxId = inboxId;
  }

  public WhenOffline getWhenOffline() {
    return whenOffline;
  }

  public void setWhenOffline(WhenOffline whenOffline) {
    this.whenOffline = whenOffline;
  }

  public AtCapacity getAtCapacity() {
    return atCapacity;
  }

  public void setAtCapacity(AtCapacity atCapacity) {
    this.atCapacity = atCapacity;
  }

  @Override
  public String toString() {
    return "Chatflow[id=" + id + ", enabled=" + enabled + ", priority=" + priority + ", urlPattern=" + urlPattern + ", hideOnMobile=" + hideOnMobile
        + ", inboxId=" + inboxId + ", whenOffline=" + whenOffline + ", atCapacity=" + atCapacity + ", visitors=" + visitors + ", listIds=" + listIds + ", contactFilters=" + contactFilters.size() + "]";
  }

  /** True when {@code url} matches this chatflow's URL pattern ({@code *} matches anything; no pattern matches every page). */
  public boolean showsOn(String url) {
    return UrlPattern.matches(urlPattern, url);
  }
}
