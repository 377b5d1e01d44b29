package dev.pulse.crm;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;

/**
 * A contact as senders give it (REST or {@code pulse.contacts}). Fields left out (null) keep their
 * stored value; {@code properties} and {@code consents} are merged into the stored maps.
 *
 * @param version the sender's version of the record; an update older than the stored one is ignored
 */
public record ContactInput(
    @Pattern(regexp = ContactInput.ID, message = "must be 1-100 letters, digits or . _ : -") String id,
    @Email @Size(max = 320) String email,
    @Size(max = 50) String phone,
    @Size(max = 200) String firstname,
    @Size(max = 200) String lastname,
    @Pattern(
            regexp = "subscriber|lead|marketingqualifiedlead|salesqualifiedlead|opportunity|customer|evangelist|other",
            message = "must be one of subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity, customer, evangelist, other")
        String lifecycleStage,
    Instant becameCustomerAt,
    @Size(max = 100) String ownerId,
    @Pattern(regexp = "[a-z]{2}(-[A-Z]{2})?", message = "must be a language tag such as en or pt-BR") String language,
    @Size(max = 64) String timeZone,
    @Pattern(regexp = ContactInput.ID, message = "must be 1-100 letters, digits or . _ : -") String companyId,
    Boolean unsubscribed,
    Map<String, Boolean> consents,
    Map<String, Object> properties,
    Long version) {

  static final String ID = "[A-Za-z0-9._:-]{1,100}";

  ContactInput withId(String newId) {
    return new ContactInput(newId, email, phone, firstname, lastname, lifecycleStage, becameCustomerAt, ownerId, language, timeZone, companyId, unsubscribed, consents, properties, version);
  }
}
