package dev.pulse.rules.facts;

/** A page view of a website visitor, as the chat widget reports it. */
public class Visit {

  private String visitorId;
  private String url;
  private java.util.Map<String, String> query = new java.util.HashMap<>();
  private String device;
  private String contactId;
  private int seconds;
  private int scrollPercent;
  private boolean exitIntent;

  public Visit() {}

  public String getVisitorId() {
    return visitorId;
  }

  public void setVisitorId(String visitorId) {
    this.visitorId = visitorId;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public java.util.Map<String, String> getQuery() {
    return query;
  }

  public void setQuery(java.util.Map<String, String> query) {
    this.query = query;
  }

  public String getDevice() {
    return device;
  }

  public void setDevice(String device) {
    this.device = device;
  }

  public String getContactId() {
    return contactId;
  }

  public void setContactId(String contactId) {
    this.contactId = contactId;
  }

  public int getSeconds() {
    return seconds;
  }

  public void setSeconds(int seconds) {
    this.seconds = seconds;
  }

  public int getScrollPercent() {
    return scrollPercent;
  }

  public void setScrollPercent(int scrollPercent) {
    this.scrollPercent = scrollPercent;
  }

  public boolean isExitIntent() {
    return exitIntent;
  }

  public void setExitIntent(boolean exitIntent) {
    this.exitIntent = exitIntent;
  }

  @Override
  public String toString() {
    return "Visit[" + "visitorId=" + visitorId + ", " + "url=" + url + ", " + "query=" + query + ", " + "device=" + device + ", " + "contactId=" + contactId + ", " + "seconds=" + seconds + ", " + "scrollPercent=" + scrollPercent + ", " + "exitIntent=" + exitIntent + "]";
  }
}
