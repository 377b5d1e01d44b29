package dev.pulse.platform.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.camunda.client.api.command.ClientStatusException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as {@code application/problem+json} (RFC 9457) that says what was wrong and where:
 * the line and column of malformed JSON, the names of missing fields, the process that does not
 * exist.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  static final URI MALFORMED = URI.create("urn:pulse:problem:malformed-json");
  public static final URI INVALID = URI.create("urn:pulse:problem:invalid-request");
  static final URI ENGINE = URI.create("urn:pulse:problem:engine");

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
    problem.setType(MALFORMED);
    problem.setTitle("Malformed request body");
    Throwable cause = ex.getMostSpecificCause();
    if (cause instanceof JsonProcessingException json) {
      JsonLocation at = json.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String path = "";
      if (json instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
        path = " (field " + jsonPath(mapping.getPath()) + ")";
        problem.setProperty("field", jsonPath(mapping.getPath()));
      }
      problem.setDetail("The JSON body could not be read" + where + path + ": " + json.getOriginalMessage());
      if (at != null) {
        problem.setProperty("line", at.getLineNr());
        problem.setProperty("column", at.getColumnNr());
      }
    } else if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
      problem.setDetail("A JSON request body is required");
    } else {
      problem.setDetail("The request body could not be read: " + cause.getMessage());
    }
    return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  /** A Jackson reference path as JSON names it: {@code a.b[2].c}. */
  static String jsonPath(List<JsonMappingException.Reference> path) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(e -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
            .toList();
    ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
    problem.setType(INVALID);
    problem.setTitle("Invalid request");
    problem.setDetail(
        "Invalid fields: "
            + errors.stream()
                .map(e -> e.get("field") + " " + e.get("message"))
                .sorted()
                .collect(Collectors.joining("; ")));
    problem.setProperty("errors", errors);
    return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  /**
   * The database refused a value no check before it caught (class 22: a data exception such as
   * an out-of-range number or an unstorable character; class 23: a constraint). The request's
   * transaction is rolled back: a 400 or 409 saying what PostgreSQL said, never a 500.
   */
  @ExceptionHandler(org.springframework.dao.DataIntegrityViolationException.class)
  ResponseEntity<ProblemDetail> refusedByDatabase(org.springframework.dao.DataIntegrityViolationException ex) {
    java.sql.SQLException sql = null;
    for (Throwable t = ex; t != null && sql == null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException e) {
        sql = e;
      }
    }
    String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
    String said = sql instanceof org.postgresql.util.PSQLException pg && pg.getServerErrorMessage() != null
        ? pg.getServerErrorMessage().getMessage()
        : "a value could not be stored";
    boolean conflict = state.startsWith("23");
    HttpStatus status = conflict ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
        (conflict ? "The request conflicts with stored data: " : "A value in the request cannot be stored: ") + said + ". Nothing was changed.");
    problem.setType(INVALID);
    problem.setTitle(conflict ? "Conflict" : "Invalid request");
    return ResponseEntity.status(status).body(problem);
  }

  /** Errors the engine returned that no feature translated into its own terms. */
  @ExceptionHandler(ClientStatusException.class)
  ResponseEntity<ProblemDetail> engineError(ClientStatusException ex) {
    HttpStatus status =
        switch (ex.getStatusCode()) {
          case INVALID_ARGUMENT, FAILED_PRECONDITION -> HttpStatus.BAD_REQUEST;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case ALREADY_EXISTS -> HttpStatus.CONFLICT;
          // the engine's back-pressure: it is full now, not this caller over a quota
          case RESOURCE_EXHAUSTED, UNAVAILABLE, DEADLINE_EXCEEDED -> HttpStatus.SERVICE_UNAVAILABLE;
          default -> HttpStatus.BAD_GATEWAY;
        };
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, EngineErrors.message(ex));
    problem.setType(ENGINE);
    problem.setTitle("The workflow engine refused the command");
    problem.setProperty("engineStatus", ex.getStatusCode().name());
    if (status == HttpStatus.SERVICE_UNAVAILABLE) {
      // nothing was started or published: the same request may simply be sent again
      return ResponseEntity.status(status).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }
    return ResponseEntity.status(status).body(problem);
  }

}
