package dev.pulse.privacy;

import java.util.Optional;

/** The module that keeps the contacts: whether one exists, and its row locked for the erasure's transaction. */
public interface ErasureSubjects {

  /** Whether the contact exists. */
  boolean exists(String contactId);

  /** Locks the contact's row until the transaction ends; empty when it is gone. The value is its email, or "" when it has none. */
  Optional<String> lock(String contactId);
}
