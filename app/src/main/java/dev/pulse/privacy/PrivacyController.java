package dev.pulse.privacy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Privacy")
class PrivacyController {

  private final ContactErasure erasure;

  PrivacyController(ContactErasure erasure) {
    this.erasure = erasure;
  }

  @DeleteMapping("/api/contacts/{id}")
  @Operation(summary = "Erase a contact: the contact, its memberships and rule traces go; its deliveries, responses, conversations and tickets stay"
      + " for the counts under a pseudonym, without comments, message bodies, id or email; running work for it is ended")
  ContactErasure.Report erase(@PathVariable String id) {
    return erasure.erase(id).orElseThrow(() ->
        new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No contact '" + id + "'"), null));
  }
}
