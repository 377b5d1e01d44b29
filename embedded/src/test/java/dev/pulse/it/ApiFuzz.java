package dev.pulse.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A generative test of the whole REST API, driven by Pulse's own OpenAPI document: every
 * operation is called with generated path and query values and with bodies built from its schema
 * and then mutated (a field null, of the wrong type, NUL in a text, a number out of range, a null
 * in a list, the wrong kind of body). The properties checked on every answer: no 5xx (a 503 with
 * Retry-After, the engine's back-pressure, is not an input's fault), and every 4xx is
 * problem+json. The seed is fixed, so a failure repeats; the number of calls is bounded.
 */
final class ApiFuzz {

  /** One answer that broke a property (the kind of break leads the request). */
  record Finding(String operation, String request, int status, String body) {
    @Override
    public String toString() {
      return operation + " " + status + " for " + request + " -> " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> SKIP = Set.of();

  private final HttpClient http;
  private final int port;
  private final String key;
  private final Random random;
  private final ObjectMapper json = new ObjectMapper();
  private JsonNode spec;
  private int calls;

  ApiFuzz(HttpClient http, int port, String key, long seed) {
    this.http = http;
    this.port = port;
    this.key = key;
    this.random = new Random(seed);
  }

  int calls() {
    return calls;
  }

  /** Calls every operation {@code perOperation} times; returns what broke a property, by operation. */
  Map<String, List<Finding>> run(int perOperation) throws Exception {
    spec = json.readTree(send("GET", "/v3/api-docs", null, "application/json").body());
    Map<String, List<Finding>> findings = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        String method = op.getKey().toUpperCase();
        String operation = method + " " + path.getKey();
        if (SKIP.contains(operation) || !Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
          continue;
        }
        for (int i = 0; i < perOperation; i++) {
          String uri = uri(path.getKey(), op.getValue(), i);
          String contentType = "application/json";
          String body = null;
          JsonNode requestBody = op.getValue().path("requestBody").path("content");
          if (requestBody.has("application/json")) {
            body = body(requestBody.get("application/json").path("schema"), i);
          } else if (requestBody.has("application/x-www-form-urlencoded")) {
            contentType = "application/x-www-form-urlencoded";
            body = i % 2 == 0 ? "score=" + text(i) : "score=3&comment=" + URLEncoder.encode(text(i + 1), StandardCharsets.UTF_8);
          } else if (requestBody.size() > 0) {
            contentType = requestBody.fieldNames().next();
            body = text(i);
          } else if (Set.of("POST", "PUT", "PATCH").contains(method) && i % 3 == 0) {
            body = "{}";
          }
          HttpResponse<String> answer;
          try {
            answer = send(method, uri, body, contentType);
          } catch (java.net.http.HttpTimeoutException e) {
            findings.computeIfAbsent(operation, k -> new ArrayList<>())
                .add(new Finding(operation, "no answer within 30 s: " + method + " " + uri + (body == null ? "" : " " + abbreviate(body)), 0, ""));
            continue;
          }
          calls++;
          int status = answer.statusCode();
          String type = answer.headers().firstValue("Content-Type").orElse("");
          boolean backPressure = status == 503 && answer.headers().firstValue("Retry-After").isPresent();
          String broken = null;
          if (status >= 500 && !backPressure) {
            broken = "a 5xx";
          } else if (status >= 400 && !type.startsWith("application/problem+json")) {
            broken = "a 4xx that is not problem+json";
          } else if (!op.getValue().path("responses").has(String.valueOf(status)) && !op.getValue().path("responses").has("default")) {
            broken = "a status the document does not list for this operation";
          } else {
            broken = bodyViolation(op.getValue().path("responses").path(String.valueOf(status)), status, type, answer.body());
          }
          if (broken != null) {
            findings.computeIfAbsent(operation, k -> new ArrayList<>())
                .add(new Finding(operation, broken + ": " + method + " " + uri + (body == null ? "" : " " + abbreviate(body)), status, answer.body()));
          }
        }
      }
    }
    return findings;
  }

  /** What is wrong with an answer's body against the schema the document gives for its status, or null. */
  private String bodyViolation(JsonNode documented, int status, String type, String body) {
    if (status == 204 || body.isEmpty()) {
      return null;
    }
    JsonNode content = documented.path("content");
    JsonNode media = content.has("application/problem+json") ? content.get("application/problem+json")
        : content.has("application/json") ? content.get("application/json") : content.path("*/*");
    if (media.isMissingNode() || !(type.contains("json"))) {
      return null;
    }
    JsonNode value;
    try {
      value = json.readTree(body);
    } catch (Exception e) {
      return "a body that is not JSON though its type says so";
    }
    if (status >= 400 && (value.path("status").asInt() != status || !value.path("title").isTextual())) {
      return "a problem without its status or title";
    }
    String violation = violation(media.path("schema"), value, "", 0);
    return violation == null ? null : "a body the document's schema does not describe (" + violation + ")";
  }

  /** A shallow structural check: types, and the required properties of objects, three levels deep. */
  private String violation(JsonNode schema, JsonNode value, String path, int depth) {
    schema = resolve(schema);
    if (value == null || value.isNull() || depth > 3 || schema.isMissingNode() || schema.isEmpty()) {
      return null;
    }
    String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
    boolean ok = switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
    if (!ok) {
      return (path.isEmpty() ? "the body" : path) + " is " + value.getNodeType() + ", not " + type;
    }
    if (value.isObject()) {
      for (JsonNode required : schema.path("required")) {
        if (!value.has(required.asText())) {
          return (path.isEmpty() ? "" : path + ".") + required.asText() + " is required but missing";
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        String found = violation(p.getValue(), value.get(p.getKey()), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), depth + 1);
        if (found != null) {
          return found;
        }
      }
    } else if (value.isArray() && !value.isEmpty()) {
      return violation(schema.path("items"), value.get(0), path + "[0]", depth + 1);
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  private HttpResponse<String> send(String method, String uri, String body, String contentType) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", contentType)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The path with its variables filled, and the query parameters, some of them wrong. */
  private String uri(String template, JsonNode op, int round) {
    String path = template;
    StringBuilder query = new StringBuilder();
    for (JsonNode parameter : op.path("parameters")) {
      String name = parameter.path("name").asText();
      JsonNode schema = resolve(parameter.path("schema"));
      String value = round % 4 == 0 ? valid(schema) : wrong(schema, round);
      if ("path".equals(parameter.path("in").asText())) {
        path = path.replace("{" + name + "}", URLEncoder.encode(value.isEmpty() ? "x" : value, StandardCharsets.UTF_8).replace("+", "%20"));
      } else if ("query".equals(parameter.path("in").asText()) && (parameter.path("required").asBoolean() || random.nextBoolean())) {
        query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    return path + query;
  }

  private String valid(JsonNode schema) {
    JsonNode node = generate(schema, 0);
    return node.isTextual() ? node.textValue() : node.toString();
  }

  private String wrong(JsonNode schema, int round) {
    return switch (round % 7) {
      case 1 -> "-1";
      case 2 -> "50000000";
      case 3 -> "99999999999999999999";
      case 4 -> "abc";
      case 5 -> "\u0000";
      default -> text(round);
    };
  }

  private String text(int round) {
    return switch (round % 6) {
      case 0 -> "fuzz-" + random.nextInt(1000);
      case 1 -> "nul\u0000inside";
      case 2 -> "x".repeat(5000);
      case 3 -> "\u202e\ud83d\ude00 <script>alert(1)</script>";
      case 4 -> "";
      default -> "' OR 1=1 --";
    };
  }

  /** A body from the schema, then mutated by the round: the first round valid-looking. */
  private String body(JsonNode schema, int round) {
    JsonNode generated = generate(resolve(schema), 0);
    return switch (round % 8) {
      case 0 -> generated.toString();
      case 1 -> "null";
      case 2 -> "[null]";
      case 3 -> "\"text\"";
      case 4 -> "{\"unexpected\": {\"deeply\": [1, 2, {\"x\": null}]}}";
      case 5 -> "{\"broken\": ";
      default -> mutate(generated).toString();
    };
  }

  /** One random field of the body replaced by something it must not be. */
  private JsonNode mutate(JsonNode node) {
    if (node instanceof ObjectNode object && object.size() > 0) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      JsonNode child = object.get(name);
      if ((child.isObject() || child.isArray()) && child.size() > 0 && random.nextBoolean()) {
        mutate(child);
      } else {
        object.set(name, poison(child));
      }
    } else if (node instanceof ArrayNode array) {
      if (array.isEmpty() || random.nextBoolean()) {
        array.addNull();
      } else {
        array.set(random.nextInt(array.size()), poison(array.get(0)));
      }
    }
    return node;
  }

  private JsonNode poison(JsonNode like) {
    return switch (random.nextInt(9)) {
      case 0 -> NODES.nullNode();
      case 1 -> like.isTextual() ? NODES.numberNode(7) : NODES.textNode("5");
      case 2 -> NODES.textNode("nul\u0000inside");
      case 3 -> NODES.numberNode(new java.math.BigInteger("99999999999999999999999"));
      case 4 -> NODES.numberNode(3.7);
      case 5 -> NODES.arrayNode().addNull();
      case 6 -> NODES.objectNode().put("x", "y");
      case 7 -> NODES.numberNode(-2147483648L - 1);
      default -> NODES.textNode("x".repeat(70_000));
    };
  }

  private JsonNode resolve(JsonNode schema) {
    for (int depth = 0; schema.has("$ref") && depth < 10; depth++) {
      String ref = schema.get("$ref").asText();
      schema = spec.at(ref.substring(1));
    }
    return schema;
  }

  /** A value the schema describes (required fields and some optional ones), with plausible content. */
  private JsonNode generate(JsonNode schema, int depth) {
    schema = resolve(schema);
    if (schema.has("allOf") || schema.has("oneOf") || schema.has("anyOf")) {
      JsonNode options = schema.has("allOf") ? schema.get("allOf") : schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf");
      return options.isEmpty() ? NODES.objectNode() : generate(options.get(random.nextInt(options.size())), depth + 1);
    }
    if (schema.has("enum") && schema.get("enum").size() > 0) {
      return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
    }
    String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
    if (depth > 6) {
      return NODES.nullNode();
    }
    return switch (type) {
      case "integer" -> NODES.numberNode(schema.has("minimum") ? schema.get("minimum").asLong() + random.nextInt(3) : random.nextInt(10));
      case "number" -> NODES.numberNode(random.nextInt(10));
      case "boolean" -> NODES.booleanNode(random.nextBoolean());
      case "string" -> NODES.textNode(string(schema));
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
          array.add(generate(schema.path("items"), depth + 1));
        }
        yield array;
      }
      case "object" -> {
        ObjectNode object = NODES.objectNode();
        Set<String> required = new java.util.HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> property = it.next();
          if (required.contains(property.getKey()) || random.nextInt(3) > 0) {
            object.set(property.getKey(), generate(property.getValue(), depth + 1));
          }
        }
        if (object.isEmpty() && schema.path("additionalProperties").isObject()) {
          object.set("key", generate(schema.get("additionalProperties"), depth + 1));
        }
        yield object;
      }
      default -> NODES.textNode("fuzz");
    };
  }

  private String string(JsonNode schema) {
    String format = schema.path("format").asText();
    return switch (format) {
      case "date-time" -> java.time.Instant.now().toString();
      case "date" -> java.time.LocalDate.now().toString();
      case "email" -> "fuzz" + random.nextInt(1000) + "@fuzz.test";
      case "uri" -> "https://fuzz.test/page";
      default -> schema.path("pattern").isMissingNode() ? "fuzz-" + random.nextInt(1000) : "fuzz";
    };
  }
}
