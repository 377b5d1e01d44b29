package dev.pulse.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Every body in the running server's OpenAPI document has a schema a client generator can type
 * (issue 20 point 2): a request body is an object with properties (or a {@code $ref} to one), and a
 * 2xx response with content is not a bare {@code object} or a map of anything. A field inside a
 * record may still be free-form (a process's variables, a filter tree); the body itself may not.
 */
class TypedApiSchemaTest extends PulseStackTest {

  /** Bodies that are free-form by design, each with why: the wire format has no envelope to type. */
  private static final Map<String, String> FREE_FORM_BY_DESIGN = Map.of(
      "POST /api/processes/{processId}/instances request",
      "the body is the new instance's variables, any JSON object, as Camunda's create-instance command takes them",
      "POST /api/rules/{domain}/test request",
      "the body is a scenario file as in rules/tests/, YAML or JSON text, taken whatever its content type says (documented as application/yaml and text/plain)");

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  private JsonNode components;

  @Test
  void everyBodyInTheApiDocumentHasATypedSchema() {
    ResponseEntity<JsonNode> docs = rest.getForEntity("/v3/api-docs", JsonNode.class);
    assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
    components = docs.getBody().path("components").path("schemas");
    List<String> untyped = new ArrayList<>();
    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = docs.getBody().path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (!METHODS.contains(op.getKey())) {
          continue;
        }
        String name = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
        checked++;
        for (Iterator<Map.Entry<String, JsonNode>> media = op.getValue().path("requestBody").path("content").fields(); media.hasNext(); ) {
          Map.Entry<String, JsonNode> m = media.next();
          String why = requestProblem(m.getKey(), m.getValue().path("schema"));
          if (why != null && !FREE_FORM_BY_DESIGN.containsKey(name + " request")) {
            untyped.add(name + " request (" + m.getKey() + "): " + why);
          }
        }
        for (Iterator<Map.Entry<String, JsonNode>> responses = op.getValue().path("responses").fields(); responses.hasNext(); ) {
          Map.Entry<String, JsonNode> r = responses.next();
          if (!r.getKey().startsWith("2")) {
            continue;
          }
          for (Iterator<Map.Entry<String, JsonNode>> media = r.getValue().path("content").fields(); media.hasNext(); ) {
            Map.Entry<String, JsonNode> m = media.next();
            String why = responseProblem(m.getValue().path("schema"), 0);
            if (why != null) {
              untyped.add(name + " response " + r.getKey() + " (" + m.getKey() + "): " + why);
            }
          }
        }
      }
    }
    assertThat(checked).as("operations checked").isGreaterThan(50);
    assertThat(untyped).as("operations whose bodies have no typed schema").isEmpty();
  }

  /** Null when the request schema is an object with properties (or a text document, for a text media type); otherwise why not. */
  private String requestProblem(String mediaType, JsonNode schema) {
    JsonNode s = resolve(schema);
    if (s.isMissingNode()) {
      return "no schema";
    }
    boolean text = mediaType.startsWith("text/") || mediaType.equals("application/yaml") || mediaType.equals("application/xml");
    if (text && s.path("type").asText("").equals("string")) {
      return null; // a document such as a scenario file or a BPMN, sent as it is
    }
    if (s.path("properties").isObject() && !s.path("properties").isEmpty()) {
      return null;
    }
    return "not an object with properties: " + schema;
  }

  /** Null when the response schema is typed: a value, a record, or a list of typed items; otherwise why not. */
  private String responseProblem(JsonNode schema, int depth) {
    JsonNode s = resolve(schema);
    if (s.isMissingNode()) {
      return "no schema";
    }
    if (depth > 5) {
      return null;
    }
    for (String composed : List.of("oneOf", "anyOf", "allOf")) {
      if (s.path(composed).isArray() && !s.path(composed).isEmpty()) {
        for (JsonNode part : s.path(composed)) {
          String why = responseProblem(part, depth + 1);
          if (why != null) {
            return why;
          }
        }
        return null;
      }
    }
    String type = s.path("type").asText("");
    if (type.equals("array")) {
      String why = responseProblem(s.path("items"), depth + 1);
      return why == null ? null : "a list of untyped items: " + why;
    }
    if (Set.of("string", "integer", "number", "boolean").contains(type)) {
      return null;
    }
    if (s.path("properties").isObject() && !s.path("properties").isEmpty()) {
      return null;
    }
    return s.has("additionalProperties") ? "a map, not a record: " + schema : "a bare object with no properties: " + schema;
  }

  /** The schema a {@code $ref} points at (followed through chains), or the schema itself. */
  private JsonNode resolve(JsonNode schema) {
    JsonNode s = schema;
    for (int i = 0; i < 10 && s.has("$ref"); i++) {
      String ref = s.get("$ref").asText();
      s = components.path(ref.substring(ref.lastIndexOf('/') + 1));
    }
    return s;
  }
}
