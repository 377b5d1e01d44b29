package dev.pulse.crm;

import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * Contact upserts from REST and Kafka. Each applied change is announced as a {@code
 * contact.changed} event (outbox, same transaction), which is what re-evaluates survey audiences.
 */
@Service
public class ContactService {

  public record UpsertResult(String id, String outcome) {}

  private final ContactRepository contacts;
  private final AudienceChanges audience;

  ContactService(ContactRepository contacts, AudienceChanges audience) {
    this.contacts = contacts;
    this.audience = audience;
  }

  @Transactional
  public UpsertResult upsert(ContactInput input) {
    if (input.email() != null) {
      contacts.idByEmail(input.email()).filter(owner -> !owner.equals(input.id())).ifPresent(owner -> {
        throw emailTaken(input.email(), "contact '" + owner + "'", null);
      });
    }
    ContactRepository.Upsert outcome;
    try {
      outcome = contacts.upsert(input);
    } catch (DuplicateKeyException e) {
      throw emailTaken(input.email(), "another contact", e); // taken between the check and the write
    }
    if (outcome != ContactRepository.Upsert.STALE) {
      boolean created = outcome == ContactRepository.Upsert.CREATED;
      audience.contact(input.id(), created ? "contact created" : "contact updated", created);
    }
    return new UpsertResult(input.id(), outcome.name());
  }

  private static ErrorResponseException emailTaken(String email, String owner, Exception cause) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The email " + email + " already belongs to " + owner);
    problem.setProperty("field", "email");
    return new ErrorResponseException(HttpStatus.CONFLICT, problem, cause);
  }

  /** All or nothing: one transaction for the batch. */
  @Transactional
  public List<UpsertResult> upsertAll(List<ContactInput> inputs) {
    return inputs.stream().map(this::upsert).toList();
  }

  /** Unsubscribes the contact from surveys (an unsubscribe link); false when there is no such contact. */
  @Transactional
  public boolean unsubscribe(String contactId, String how) {
    if (!contacts.unsubscribe(contactId)) {
      return false;
    }
    audience.contact(contactId, "unsubscribed (" + how + ")", false);
    return true;
  }

  public Optional<String> idByEmail(String email) {
    return contacts.idByEmail(email);
  }

  public Optional<Contact> find(String id) {
    return contacts.find(id);
  }

  public record Page<T>(List<T> items, long total, int page, int size) {}

  /** Up to {@code limit} contacts whose id sorts after {@code afterId} (all from the start when null), by id. */
  public List<Contact> after(String afterId, int limit) {
    return contacts.after(afterId, limit);
  }

  public Page<Contact> search(String q, int page, int size) {
    return new Page<>(contacts.search(q, page * size, size), contacts.count(q), page, size);
  }
}
