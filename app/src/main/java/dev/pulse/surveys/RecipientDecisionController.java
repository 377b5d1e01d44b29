package dev.pulse.surveys;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Why did (or didn't) this contact get the survey?" — the stored recipients decision. It lives
 * with surveys, which decide recipients; the path stays under the rules API where analysts look.
 */
@RestController
@Tag(name = "Rules")
class RecipientDecisionController {

  private final RecipientDecisions decisions;

  RecipientDecisionController(RecipientDecisions decisions) {
    this.decisions = decisions;
  }

  @GetMapping("/api/rules/recipients/decisions/{surveyId}/{contactId}")
  @Operation(summary = "Why a contact did or did not get a survey: the stored decision, its rule and the rules that fired")
  RecipientDecisions.Decision recipientDecision(@PathVariable String surveyId, @PathVariable String contactId) {
    return decisions
        .find(surveyId, contactId)
        .orElseThrow(
            () ->
                new ErrorResponseException(
                    HttpStatus.NOT_FOUND,
                    ProblemDetail.forStatusAndDetail(
                        HttpStatus.NOT_FOUND, "No recipients decision was made for contact '" + contactId + "' and survey '" + surveyId + "'"),
                    null));
  }
}
