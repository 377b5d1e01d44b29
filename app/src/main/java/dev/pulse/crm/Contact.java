package dev.pulse.crm;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** A stored contact, with the static lists it belongs to. */
public record Contact(
    String id,
    String email,
    String phone,
    String firstname,
    String lastname,
    String lifecycleStage,
    Instant becameCustomerAt,
    String ownerId,
    String language,
    String timeZone,
    String companyId,
    boolean unsubscribed,
    Map<String, Boolean> consents,
    Map<String, Object> properties,
    Set<String> listIds,
    Long version,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * The contact as filters and tokens see it: its custom properties and its built-in fields by
   * name ({@code email}, {@code firstname}, {@code lifecyclestage}, ...), unknown ones left out.
   */
  public java.util.Map<String, Object> asProperties() {
    java.util.Map<String, Object> p = new java.util.HashMap<>(properties == null ? java.util.Map.of() : properties);
    put(p, "id", id);
    put(p, "email", email);
    put(p, "phone", phone);
    put(p, "firstname", firstname);
    put(p, "lastname", lastname);
    put(p, "lifecyclestage", lifecycleStage);
    put(p, "becameCustomerAt", becameCustomerAt);
    put(p, "ownerId", ownerId);
    put(p, "language", language);
    put(p, "timeZone", timeZone);
    put(p, "companyId", companyId);
    return p;
  }

  /** The contact's name for people: first and last name, else its email, else its id. */
  public String displayName() {
    String n = ((firstname == null ? "" : firstname) + " " + (lastname == null ? "" : lastname)).strip();
    return n.isEmpty() ? (email == null ? id : email) : n;
  }

  private static void put(java.util.Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
