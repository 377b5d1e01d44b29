package dev.pulse.surveys.facts;

import dev.pulse.rules.facts.Decision;

/**
 * Decision: the contact is in the survey's audience, and how it got in (a filter group, a list,
 * the default audience). Being in the audience is not yet being eligible: exclusions still apply.
 * Kept in the decision trace, so "why" names the group or list that matched.
 */
public class InAudience extends Decision {

  private String contactId;
  private String how;

  public InAudience() {}

  public InAudience(String contactId, String how) {
    this.contactId = contactId;
    this.how = how;
  }

  public String getContactId() {
    return contactId;
  }

  public void setContactId(String contactId) {
    this.contactId = contactId;
  }

  public String getHow() {
    return how;
  }

  public void setHow(String how) {
    this.how = how;
  }

  @Override
  public String toString() {
    return "InAudience[contactId=" + contactId + ", how=" + how + "]";
  }
}
