package dev.pulse.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The conversation, inbox, widget, chatflow, targeting, CRM and key endpoints take and give typed
 * records (issue 20 point 2): the OpenAPI document has a schema for each of their bodies, and the
 * typed request bodies are still read strictly, refused with the same problems as when they were
 * read from a JSON tree.
 */
class TypedBodiesTest extends PulseStackTest {

  /** The paths whose bodies these typed records carry. */
  private static final List<String> PREFIXES = List.of("/api/conversations", "/api/channels", "/api/inboxes", "/api/agents", "/api/teams",
      "/api/calendars", "/api/tickets", "/api/widget", "/api/sites", "/api/chatflows", "/api/targeting", "/api/companies", "/api/deals",
      "/api/keys", "/api/me", "/api/audit", "/api/analytics/conversations", "/api/lists", "/api/contacts", "/api/visitor-identification");

  /** A live event stream, not a JSON body. */
  private static final Set<String> STREAMS = Set.of("/api/widget/{siteId}/events");

  @Test
  void everyBodyOfTheseEndpointsHasATypedSchema() {
    JsonNode api = rest.getForObject("/v3/api-docs", JsonNode.class);
    List<String> untyped = new ArrayList<>();
    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      if (PREFIXES.stream().noneMatch(path.getKey()::startsWith) || STREAMS.contains(path.getKey())) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
        Map.Entry<String, JsonNode> operation = operations.next();
        String name = operation.getKey().toUpperCase() + " " + path.getKey();
        JsonNode request = operation.getValue().path("requestBody").path("content");
        for (Iterator<Map.Entry<String, JsonNode>> types = request.fields(); types.hasNext(); ) {
          Map.Entry<String, JsonNode> type = types.next();
          checked++;
          if (!typed(api, type.getValue().path("schema"))) {
            untyped.add(name + " request " + type.getKey() + ": " + type.getValue().path("schema"));
          }
        }
        for (Iterator<Map.Entry<String, JsonNode>> responses = operation.getValue().path("responses").fields(); responses.hasNext(); ) {
          Map.Entry<String, JsonNode> response = responses.next();
          if (!response.getKey().startsWith("2")) {
            continue;
          }
          for (Iterator<Map.Entry<String, JsonNode>> types = response.getValue().path("content").fields(); types.hasNext(); ) {
            Map.Entry<String, JsonNode> type = types.next();
            checked++;
            if (!typed(api, type.getValue().path("schema"))) {
              untyped.add(name + " " + response.getKey() + " " + type.getKey() + ": " + type.getValue().path("schema"));
            }
          }
        }
      }
    }
    assertThat(checked).as("bodies checked").isGreaterThan(60);
    assertThat(untyped).as("bodies without a typed schema").isEmpty();
    // the conversation keeps its snake_case names, its thread and rounds beside them
    JsonNode thread = api.at("/components/schemas/ConversationThread/properties");
    assertThat(thread.has("inbox_id") && thread.has("first_response_at") && thread.has("messages") && thread.has("earlierRounds")).as(thread.toString()).isTrue();
  }

  /** A reference to a component with properties, a scalar, or an array of typed items; not a bare object or a map of anything. */
  private static boolean typed(JsonNode api, JsonNode schema) {
    if (schema.isMissingNode()) {
      return false;
    }
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
      JsonNode component = api.path("components").path("schemas").path(name);
      return component.has("properties") || component.has("allOf") || component.has("enum");
    }
    String type = schema.path("type").asText("");
    return switch (type) {
      case "array" -> typed(api, schema.path("items"));
      case "string", "integer", "number", "boolean" -> true;
      default -> false;
    };
  }

  @Test
  void aTypedBodyIsStillReadStrictly() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/inboxes/tb-" + tag, "{\"name\":\"Typed\"}");
    putJson("/api/channels/tb-" + tag, "{\"inboxId\":\"tb-" + tag + "\",\"type\":\"FORM\"}");
    String messages = "/api/channels/tb-" + tag + "/messages";

    ResponseEntity<JsonNode> unknown = postJson(messages, "{\"from\":{\"email\":\"tb-" + tag + "@x.test\"},\"body\":\"hi\",\"bodyy\":\"typo\"}");
    assertThat(unknown.getStatusCode().value()).isEqualTo(400);
    assertThat(unknown.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    assertThat(unknown.getBody().path("detail").asText()).isEqualTo("Unknown field 'bodyy'");
    assertThat(unknown.getBody().at("/errors/0/field").asText()).isEqualTo("bodyy");

    ResponseEntity<JsonNode> nested = postJson(messages, "{\"from\":{\"mail\":\"tb-" + tag + "@x.test\"},\"body\":\"hi\"}");
    assertThat(nested.getBody().path("detail").asText()).isEqualTo("Unknown field 'from.mail'");

    ResponseEntity<JsonNode> notAnObject = postJson(messages, "[1]");
    assertThat(notAnObject.getStatusCode().value()).isEqualTo(400);
    assertThat(notAnObject.getBody().path("detail").asText()).isEqualTo("The body must be a JSON object");

    ResponseEntity<JsonNode> blank = postJson(messages, "{\"from\":{\"email\":\"tb-" + tag + "@x.test\"},\"body\":\" \"}");
    assertThat(blank.getStatusCode().value()).isEqualTo(400);
    assertThat(blank.getBody().path("detail").asText()).isEqualTo("Invalid fields: body must not be blank");

    ResponseEntity<JsonNode> nul = postJson(messages, "{\"from\":{\"email\":\"tb-" + tag + "@x.test\"},\"body\":\"a\\u0000b\"}");
    assertThat(nul.getStatusCode().value()).isEqualTo(400);
    assertThat(nul.getBody().path("detail").asText()).isEqualTo("body may not contain the NUL character (U+0000)");

    ResponseEntity<JsonNode> malformed = postJson(messages, "{\"from\": {");
    assertThat(malformed.getStatusCode().value()).isEqualTo(400);
    assertThat(malformed.getBody().path("line").asInt()).isEqualTo(1);

    assertThat(jdbc.queryForObject("SELECT count(*) FROM conversations WHERE channel_id = ?", Integer.class, "tb-" + tag)).as("nothing refused was written").isZero();
    ResponseEntity<JsonNode> fine = postJson(messages, "{\"from\":{\"email\":\"tb-" + tag + "@x.test\"},\"body\":\"hi\"}");
    assertThat(fine.getStatusCode().value()).isEqualTo(202);
    assertThat(fine.getBody().path("newConversation").asBoolean()).isTrue();
  }
}
