package dev.pulse.surveys.facts;

import dev.pulse.rules.facts.Decision;

/** Decision: the contact gets the survey. */
public class Eligible extends Decision {

  private String contactId;

  public Eligible() {}

  public Eligible(String contactId) {
    this.contactId = contactId;
  }

  public String getContactId() {
    return contactId;
  }

  public void setContactId(String contactId) {
    this.contactId = contactId;
  }

  @Override
  public String toString() {
    return "Eligible[" + "contactId=" + contactId + "]";
  }
}
