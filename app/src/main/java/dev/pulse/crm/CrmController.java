package dev.pulse.crm;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Contacts and static lists over REST. */
@RestController

@Tag(name = "CRM")
class CrmController {

  private final ContactService contacts;
  private final ListRepository lists;
  private final VisitorIdentification visitors;

  private final CrmRecords records;

  CrmController(ContactService contacts, ListRepository lists, VisitorIdentification visitors, CrmRecords records) {
    this.records = records;
    this.contacts = contacts;
    this.lists = lists;
    this.visitors = visitors;
  }

  record IdentifyInput(@Size(max = 100) String contactId, @Size(max = 320) String email) {}

  @PostMapping("/api/visitor-identification")
  @dev.pulse.platform.web.ApiDocumentation.Refuses(404)
  @Operation(summary = "For the host page's backend (SERVICE key): a signed token naming a contact (by contactId or email), valid 12 hours;"
      + " the page passes it to the widget as identificationToken so the visitor is treated as that contact")
  VisitorIdentification.Issued identify(@Valid @RequestBody IdentifyInput input) {
    if ((input.contactId() == null) == (input.email() == null)) {
      throw badRequest("Give exactly one of contactId and email", input.contactId() == null ? "contactId" : "email");
    }
    String id = input.contactId() != null
        ? contacts.find(input.contactId()).map(Contact::id).orElseThrow(() -> notFound("No contact '" + input.contactId() + "'"))
        : contacts.idByEmail(input.email()).orElseThrow(() -> notFound("No contact with email '" + input.email() + "'"));
    return visitors.issue(id);
  }

  @PutMapping("/api/contacts/{id}")
  @Operation(summary = "Create or update a contact; fields left out keep their value, properties and consents are merged")
  @dev.pulse.platform.web.ApiDocumentation.Answers({200, 201})
  ResponseEntity<Contact> upsert(@PathVariable String id, @Valid @RequestBody ContactInput input) {
    if (input.id() != null && !input.id().equals(id)) {
      throw badRequest("The body's id '" + input.id() + "' differs from the path's '" + id + "'", "id");
    }
    if (!id.matches(ContactInput.ID)) {
      throw badRequest("The contact id must be 1-100 letters, digits or . _ : -", "id");
    }
    ContactService.UpsertResult result = contacts.upsert(input.withId(id));
    HttpStatus status = "CREATED".equals(result.outcome()) ? HttpStatus.CREATED : HttpStatus.OK;
    return ResponseEntity.status(status).body(contacts.find(id).orElseThrow());
  }

  record Batch(@NotEmpty @Size(max = 1000) List<@Valid ContactInput> contacts) {}

  record BatchResult(List<ContactService.UpsertResult> results) {}

  @PostMapping("/api/contacts/batch")
  @Operation(summary = "Create or update up to 1000 contacts in one transaction (each needs its id)")
  BatchResult upsertAll(@Valid @RequestBody Batch batch) {
    for (int i = 0; i < batch.contacts().size(); i++) {
      if (batch.contacts().get(i).id() == null) {
        throw badRequest("contacts[" + i + "].id is required", "contacts[" + i + "].id");
      }
    }
    return new BatchResult(contacts.upsertAll(batch.contacts()));
  }

  @GetMapping("/api/contacts/{id}")
  Contact get(@PathVariable String id) {
    return contacts.find(id).orElseThrow(() -> notFound("No contact '" + id + "'"));
  }

  @GetMapping("/api/contacts")
  @Operation(summary = "Contacts whose id, email or name contains q, paged")
  ContactService.Page<Contact> search(
      @RequestParam(required = false) String q,
      @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
    return contacts.search(q, page, size);
  }

  record ListInput(@NotBlank @Size(max = 200) String name) {}

  @PutMapping("/api/lists/{id}")
  ListRepository.StaticList putList(@PathVariable String id, @Valid @RequestBody ListInput input) {
    if (!id.matches(ContactInput.ID)) {
      throw badRequest("The list id must be 1-100 letters, digits or . _ : -", "id");
    }
    lists.upsert(id, input.name());
    return lists.find(id).orElseThrow();
  }

  @GetMapping("/api/lists")
  List<ListRepository.StaticList> allLists() {
    return lists.all();
  }

  @GetMapping("/api/lists/{id}/members")
  List<String> members(
      @PathVariable String id,
      @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
    lists.find(id).orElseThrow(() -> notFound("No list '" + id + "'"));
    return lists.members(id, page * size, size);
  }

  @PutMapping("/api/lists/{id}/members/{contactId}")
  @dev.pulse.platform.web.ApiDocumentation.Answers({200, 201})
  ResponseEntity<Void> addMember(@PathVariable String id, @PathVariable String contactId) {
    lists.find(id).orElseThrow(() -> notFound("No list '" + id + "'"));
    contacts.find(contactId).orElseThrow(() -> notFound("No contact '" + contactId + "'"));
    return ResponseEntity.status(records.addToList(id, contactId) ? HttpStatus.CREATED : HttpStatus.OK).build();
  }

  @DeleteMapping("/api/lists/{id}/members/{contactId}")
  @dev.pulse.platform.web.ApiDocumentation.Answers({204})
  ResponseEntity<Void> removeMember(@PathVariable String id, @PathVariable String contactId) {
    if (!records.removeFromList(id, contactId)) {
      throw notFound("Contact '" + contactId + "' is not a member of list '" + id + "'");
    }
    return ResponseEntity.noContent().build();
  }

  private static ErrorResponseException notFound(String detail) {
    return new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail), null);
  }

  private static ErrorResponseException badRequest(String detail, String field) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setProperty("field", field);
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
  }
}
