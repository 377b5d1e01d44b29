package dev.pulse.rules.facts;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A contact considered for a survey, with the properties of its contact, company, deal and
 * ticket records (as filters see them) and the few fields the default rules use directly.
 */
public class Recipient {

  private String contactId;
  private String lifecycleStage;
  private Instant becameCustomerAt;
  private boolean unsubscribed;
  /** null: the contact never answered the consent question. */
  private Boolean consentToCommunicate;
  /** The contact already matched the audience before the survey was published. */
  private boolean matchedBeforePublish;
  private Set<String> listIds = new HashSet<>();
  private Map<String, Object> contact = new HashMap<>();
  private Map<String, Object> company = new HashMap<>();
  private Map<String, Object> deal = new HashMap<>();
  private Map<String, Object> ticket = new HashMap<>();

  public Recipient() {}

  public Recipient(String contactId) {
    this.contactId = contactId;
  }

  /** A property of the contact, company, deal or ticket record; null when unknown. */
  public Object property(String object, String name) {
    Map<String, Object> record =
        switch (object == null ? "contact" : object.toLowerCase()) {
          case "company" -> company;
          case "deal" -> deal;
          case "ticket" -> ticket;
          default -> contact;
        };
    if (record != null && record.containsKey(name)) {
      return record.get(name);
    }
    if ("contact".equalsIgnoreCase(object) || object == null) {
      return switch (name) {
        case "lifecyclestage", "lifecycleStage" -> lifecycleStage;
        case "becameCustomerAt" -> becameCustomerAt;
        default -> null;
      };
    }
    return null;
  }

  public boolean inAnyList(Collection<String> ids) {
    for (String id : ids) {
      if (listIds.contains(id)) {
        return true;
      }
    }
    return false;
  }

  public String getContactId() {
    return contactId;
  }

  public void setContactId(String contactId) {
    this.contactId = contactId;
  }

  public String getLifecycleStage() {
    return lifecycleStage;
  }

  public void setLifecycleStage(String lifecycleStage) {
    this.lifecycleStage = lifecycleStage;
  }

  public Instant getBecameCustomerAt() {
    return becameCustomerAt;
  }

  public void setBecameCustomerAt(Instant becameCustomerAt) {
    this.becameCustomerAt = becameCustomerAt;
  }

  public boolean isUnsubscribed() {
    return unsubscribed;
  }

  public void setUnsubscribed(boolean unsubscribed) {
    this.unsubscribed = unsubscribed;
  }

  public Boolean getConsentToCommunicate() {
    return consentToCommunicate;
  }

  public void setConsentToCommunicate(Boolean consentToCommunicate) {
    this.consentToCommunicate = consentToCommunicate;
  }

  public boolean isMatchedBeforePublish() {
    return matchedBeforePublish;
  }

  public void setMatchedBeforePublish(boolean matchedBeforePublish) {
    this.matchedBeforePublish = matchedBeforePublish;
  }

  public Set<String> getListIds() {
    return listIds;
  }

  public void setListIds(Set<String> listIds) {
    this.listIds = listIds == null ? new HashSet<>() : listIds;
  }

  public Map<String, Object> getContact() {
    return contact;
  }

  public void setContact(Map<String, Object> contact) {
    this.contact = contact == null ? new HashMap<>() : contact;
  }

  public Map<String, Object> getCompany() {
    return company;
  }

  public void setCompany(Map<String, Object> company) {
    this.company = company == null ? new HashMap<>() : company;
  }

  public Map<String, Object> getDeal() {
    return deal;
  }

  public void setDeal(Map<String, Object> deal) {
    this.deal = deal == null ? new HashMap<>() : deal;
  }

  public Map<String, Object> getTicket() {
    return ticket;
  }

  public void setTicket(Map<String, Object> ticket) {
    this.ticket = ticket == null ? new HashMap<>() : ticket;
  }
}
