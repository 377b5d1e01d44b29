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
    Instant updatedAt) {}
