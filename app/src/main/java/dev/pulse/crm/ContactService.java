package dev.pulse.crm;

import dev.pulse.platform.events.Outbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final Outbox outbox;

  ContactService(ContactRepository contacts, Outbox outbox) {
    this.contacts = contacts;
    this.outbox = outbox;
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
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("contactId", input.id());
      data.put("created", outcome == ContactRepository.Upsert.CREATED);
      outbox.event("contact.changed", input.id(), data);
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
