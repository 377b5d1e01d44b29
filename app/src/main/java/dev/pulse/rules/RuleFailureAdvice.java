package dev.pulse.rules;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A rule failed while deciding for a request of any feature: a server error, but one that says
 * which rule, where, and why (the rules API answers its own callers with a 422 instead). Here,
 * with the rules, so that the platform's error handling does not depend on a feature.
 */
@RestControllerAdvice
class RuleFailureAdvice {

  @ExceptionHandler(RuleFailure.class)
  ResponseEntity<ProblemDetail> ruleFailed(RuleFailure e) {
    return ResponseEntity.internalServerError().body(e.problem(HttpStatus.INTERNAL_SERVER_ERROR));
  }
}
