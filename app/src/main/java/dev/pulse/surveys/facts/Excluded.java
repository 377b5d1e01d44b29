package dev.pulse.surveys.facts;

import dev.pulse.rules.facts.Decision;

/** Decision: the contact does not get the survey, and why. */
public class Excluded extends Decision {

  private String contactId;
  private String reason;

  public Excluded() {}

  public Excluded(String contactId, String reason) {
    this.contactId = contactId;
    this.reason = reason;
  }

  public String getContactId() {
    return contactId;
  }

  public void setContactId(String contactId) {
    this.contactId = contactId;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  @Override
  public String toString() {
    return "Excluded[" + "contactId=" + contactId + ", " + "reason=" + reason + "]";
  }
}
