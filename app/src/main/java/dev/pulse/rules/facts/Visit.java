package dev.pulse.rules.facts;

/** A page view of a website visitor, as the chat widget reports it. */
public class Visit {

  private String visitorId;
  private String url;
  private java.util.Map<String, String> query = new java.util.HashMap<>();
  private Device device;
  private String contactId;
  private int seconds;
  private int scrollPercent;
  private boolean exitIntent;

  // derived from the URL once per visit: the page rules of every chatflow read them
  private transient String stripped;
  private transient java.util.Map<String, String> urlQuery;

  public Visit() {}

  /** The URL without scheme, query, fragment or trailing slash, lower case (see {@link UrlPattern}). */
  public String strippedUrl() {
    if (stripped == null && url != null) {
      stripped = UrlPattern.strip(url);
    }
    return stripped;
  }

  /** A query parameter: from the reported query, else from the URL's own query string. */
  public String parameter(String name) {
    if (query != null && query.containsKey(name)) {
      return query.get(name);
    }
    if (urlQuery == null) {
      urlQuery = parseQuery(url);
    }
    return urlQuery.get(name);
  }

  private static java.util.Map<String, String> parseQuery(String url) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    int q = url == null ? -1 : url.indexOf('?');
    if (q < 0) {
      return out;
    }
    int hash = url.indexOf('#', q);
    String query = url.substring(q + 1, hash < 0 ? url.length() : hash);
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
      out.putIfAbsent(key, eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }

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
    this.stripped = null;
    this.urlQuery = null;
  }

  public java.util.Map<String, String> getQuery() {
    return query;
  }

  public void setQuery(java.util.Map<String, String> query) {
    this.query = query;
  }

  public Device getDevice() {
    return device;
  }

  public void setDevice(Device device) {
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
