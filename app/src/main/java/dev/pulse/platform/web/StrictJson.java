package dev.pulse.platform.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Reads a request body strictly: an unknown field is an error that names it (a typo in an
 * analyst's survey definition must not be silently ignored), and Bean Validation failures come
 * back as one 400 listing every field.
 */
@Component
public class StrictJson {

  private final ObjectMapper strict;
  private final Validator validator;

  StrictJson(ObjectMapper json, Validator validator) {
    this.strict = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    this.validator = validator;
  }

  /** The body as {@code type}, validated; 400 naming the field otherwise. */
  public <T> T read(JsonNode body, Class<T> type) {
    if (body == null || !body.isObject()) {
      throw invalid("The body must be a JSON object", List.of());
    }
    T value;
    try {
      value = strict.treeToValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      String field = path(e);
      throw invalid("Unknown field '" + field + "'", List.of(Map.of("field", field, "message", "is not a known field")));
    } catch (JsonMappingException e) {
      String field = path(e);
      throw invalid("Invalid value for '" + field + "': " + e.getOriginalMessage(), List.of(Map.of("field", field, "message", String.valueOf(e.getOriginalMessage()))));
    } catch (Exception e) {
      throw invalid("The body could not be read: " + e.getMessage(), List.of());
    }
    validate(value);
    return value;
  }

  /** Bean Validation of any object; 400 listing every failed field. */
  public <T> void validate(T value) {
    List<ConstraintViolation<T>> violations =
        validator.validate(value).stream().sorted(Comparator.comparing(StrictJson::field)).toList();
    if (!violations.isEmpty()) {
      List<Map<String, String>> errors =
          violations.stream().map(v -> Map.of("field", field(v), "message", v.getMessage())).toList();
      throw invalid(
          "Invalid fields: " + errors.stream().map(e -> e.get("field") + " " + e.get("message")).collect(Collectors.joining("; ")), errors);
    }
  }

  /** The property path as JSON would name it: {@code weekly[MONDAY][0].from}. */
  private static String field(ConstraintViolation<?> v) {
    return v.getPropertyPath().toString().replace(".<map value>", "").replace(".<list element>", "").replace(".<iterable element>", "");
  }

  /** A 400 problem with field errors, for checks Bean Validation cannot express. */
  public static ErrorResponseException invalid(String detail, List<Map<String, String>> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setType(ProblemHandler.INVALID);
    problem.setTitle("Invalid request");
    problem.setProperty("errors", errors);
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
  }

  public static ErrorResponseException invalidField(String field, String message) {
    return invalid(field + " " + message, List.of(Map.of("field", field, "message", message)));
  }

  private static String path(JsonMappingException e) {
    return ProblemHandler.jsonPath(e.getPath());
  }

}
