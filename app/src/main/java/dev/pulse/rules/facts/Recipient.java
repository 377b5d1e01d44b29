package dev.pulse.rules.facts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A contact considered for a survey, with the properties of its contact, company, deals and
 * tickets (as filters see them) and the few fields the default rules use directly.
 *
 * <p>Associations: a contact has one company (its primary company), and any number of deals and
 * tickets. A filter on deals or tickets matches when <em>any</em> associated record satisfies it
 * (HubSpot's association filters); a contact without any such record is seen as one record with
 * no properties, so "is unknown" matches it and "is" does not.
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
  private List<Map<String, Object>> deals = new ArrayList<>();
  private List<Map<String, Object>> tickets = new ArrayList<>();

  public Recipient() {}

  public Recipient(String contactId) {
    this.contactId = contactId;
  }

  /**
   * A property of the contact or its company, or of the first deal or ticket; null when unknown.
   * Filters on deals and tickets look at every one of them ({@link #records}).
   */
  public Object property(String object, String name) {
    List<Map<String, Object>> records = records(object);
    return records.isEmpty() ? null : property(object, records.get(0), name);
  }

  /** The records a filter on {@code object} looks at: one for the contact and its company, every deal or ticket. */
  public List<Map<String, Object>> records(String object) {
    return switch (object == null ? "contact" : object.toLowerCase(java.util.Locale.ROOT)) {
      case "company" -> List.of(company);
      case "deal" -> deals.isEmpty() ? List.of(Map.of()) : deals;
      case "ticket" -> tickets.isEmpty() ? List.of(Map.of()) : tickets;
      default -> List.of(contact);
    };
  }

  /** A property of one record of {@code object}; the contact's lifecycle fields when its map lacks them. */
  public Object property(String object, Map<String, Object> record, String name) {
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

  /** The first deal (scenarios may give one deal as {@code deal:}). */
  public Map<String, Object> getDeal() {
    return deals.isEmpty() ? Map.of() : deals.get(0);
  }

  public void setDeal(Map<String, Object> deal) {
    this.deals = deal == null || deal.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(deal));
  }

  public List<Map<String, Object>> getDeals() {
    return deals;
  }

  public void setDeals(List<Map<String, Object>> deals) {
    this.deals = deals == null ? new ArrayList<>() : deals;
  }

  public Map<String, Object> getTicket() {
    return tickets.isEmpty() ? Map.of() : tickets.get(0);
  }

  public void setTicket(Map<String, Object> ticket) {
    this.tickets = ticket == null || ticket.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(ticket));
  }

  public List<Map<String, Object>> getTickets() {
    return tickets;
  }

  public void setTickets(List<Map<String, Object>> tickets) {
    this.tickets = tickets == null ? new ArrayList<>() : tickets;
  }
}
