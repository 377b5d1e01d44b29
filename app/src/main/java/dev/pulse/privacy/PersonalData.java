package dev.pulse.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a module that keeps personal data in its own tables does for the right to erasure and for
 * retention. The privacy module orchestrates (one transaction, the order, the report, the audit);
 * each module changes only its own tables, so a table has one owner (ModularityTest checks it).
 * Implementations are ordered ({@link org.springframework.core.annotation.Order}); the one that
 * deletes the contact itself comes last.
 */
public interface PersonalData {

  /** The contact's process instances still working (a scheduled survey, an open conversation), to cancel before the erasure. */
  default List<Long> runningInstances(String contactId) {
    return List.of();
  }

  /** After the cancels, before the erasure: a copy of the engine's data (the monitoring projection) catches up, so nothing brings the id back later. */
  default void settle() {}

  /** Within the erasure's transaction: erase or pseudonymise the contact in this module's tables; rows changed per kind. */
  Map<String, Integer> erase(ErasedContact contact);

  /** Retention: what ended before {@code cutoff} loses what identifies a person; rows changed per kind. */
  default Map<String, Integer> purge(Instant cutoff) {
    return Map.of();
  }

  /** The contact being erased: its id, its email (may be null) and the pseudonym that replaces the id where records stay. */
  record ErasedContact(String contactId, String email, String pseudonym) {}

  /** Text that replaces erased message bodies. */
  String ERASED = "[erased]";

  /** Text that replaces purged message bodies. */
  String PURGED = "[purged]";
}
