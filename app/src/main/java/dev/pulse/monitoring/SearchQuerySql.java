package dev.pulse.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.monitoring.SearchResources.Field;
import dev.pulse.monitoring.SearchResources.Kind;
import dev.pulse.monitoring.SearchResources.Resource;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A Camunda 8 search query ({@code {filter, sort, page}}) translated to SQL over one
 * {@link Resource}: the WHERE clause with its arguments, the ORDER BY, and the offset page. Every
 * field, operator or value this subset does not serve is a 400 that names it.
 */
final class SearchQuerySql {

  static final int MAX_LIMIT = 10_000;

  /** The query as SQL: {@code where} starts with " WHERE", {@code args} fill its placeholders. */
  record Translated(String where, List<Object> args, String order, int from, int limit) {}

  private final ObjectMapper json;

  SearchQuerySql(ObjectMapper json) {
    this.json = json;
  }

  Translated translate(Resource<?> r, JsonNode body) {
    JsonNode query = body == null || body.isNull() ? JsonNodeFactory.instance.objectNode() : body;
    if (!query.isObject()) {
      throw bad("the body is a search query object: {filter, sort, page}");
    }
    for (Iterator<String> names = query.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!List.of("filter", "sort", "page").contains(name)) {
        throw bad(name + ": not a part of a search query (filter, sort, page)");
      }
    }
    StringBuilder where = new StringBuilder(" WHERE true");
    List<Object> args = new ArrayList<>();
    JsonNode filter = query.get("filter");
    if (filter != null && !filter.isNull()) {
      if (!filter.isObject()) {
        throw bad("filter: is an object of field conditions");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = filter.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isNull() || (e.getValue().isContainerNode() && e.getValue().isEmpty())) {
          continue; // the Camunda client sends empty lists and objects for filters it was not given
        }
        if (r == SearchResources.PROCESS_INSTANCES && e.getKey().equals("variables")) {
          variables(e.getValue(), where, args);
          continue;
        }
        Field field = r.fields().get(e.getKey());
        if (field == null) {
          throw bad("filter." + e.getKey() + ": not a " + r.name() + " filter this server knows; it knows " + new TreeSet<>(r.fields().keySet()));
        }
        condition("filter." + e.getKey(), field, e.getValue(), where, args);
      }
    }
    StringBuilder order = new StringBuilder();
    JsonNode sort = query.get("sort");
    if (sort != null && !sort.isNull()) {
      if (!sort.isArray()) {
        throw bad("sort: is a list of {field, order}");
      }
      for (JsonNode s : sort) {
        String name = s.path("field").asText();
        Field field = r.fields().get(name);
        if (field == null) {
          throw bad("sort.field: '" + name + "' is not a " + r.name() + " field; it is one of " + new TreeSet<>(r.fields().keySet()));
        }
        String direction = s.path("order").asText("ASC").toUpperCase(Locale.ROOT);
        if (!direction.equals("ASC") && !direction.equals("DESC")) {
          throw bad("sort.order: is ASC or DESC");
        }
        if (constant(field)) {
          continue; // the same on every row (tenant, flags this engine never sets): no order to add
        }
        order.append(order.isEmpty() ? "" : ", ").append(field.sql()).append(' ').append(direction).append(" NULLS LAST");
      }
    }
    order.append(order.isEmpty() ? "" : ", ").append(r.defaultOrder());
    JsonNode page = query.path("page");
    for (String cursor : List.of("after", "before")) {
      if (page.hasNonNull(cursor)) {
        throw bad("page." + cursor + ": cursor paging is not served here; page with from and limit");
      }
    }
    int from = number("page.from", page.get("from"), 0, Integer.MAX_VALUE, 0);
    int limit = number("page.limit", page.get("limit"), 0, MAX_LIMIT, 100);
    return new Translated(where.toString(), args, order.toString(), from, limit);
  }

  /** Process instances by the value of their variables: each {name, value} must hold, value as JSON text. */
  private void variables(JsonNode list, StringBuilder where, List<Object> args) {
    if (!list.isArray()) {
      throw bad("filter.variables: is a list of {name, value}");
    }
    for (JsonNode v : list) {
      if (!v.hasNonNull("name") || !v.hasNonNull("value")) {
        throw bad("filter.variables: each has a name and a value");
      }
      StringBuilder inner = new StringBuilder("v.scope_key = i.key AND v.name = ?");
      List<Object> innerArgs = new ArrayList<>(List.of(v.get("name").asText()));
      String path = "filter.variables[" + v.get("name").asText() + "].value";
      condition(path, new Field("v.value", Kind.STRING), jsonValues(path, v.get("value")), inner, innerArgs);
      where.append(" AND EXISTS (SELECT 1 FROM monitor_variables v WHERE ").append(inner).append(')');
      args.addAll(innerArgs);
    }
  }

  /**
   * A variable value is compared as JSON text, as Camunda does: the string {@code abc} is sent as
   * {@code "\"abc\""}. A value that is not JSON is refused, not guessed at (a client that sends
   * a bare word would match nothing on a cluster).
   */
  private JsonNode jsonValues(String path, JsonNode value) {
    if (value.isTextual()) {
      return JsonNodeFactory.instance.textNode(asJson(path, value.asText()));
    }
    if (value.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      value.fields().forEachRemaining(e -> {
        if (e.getValue().isTextual()) {
          out.put(e.getKey(), asJson(path + "." + e.getKey(), e.getValue().asText()));
        } else if (e.getValue().isArray()) {
          ArrayNode a = out.putArray(e.getKey());
          e.getValue().forEach(x -> a.add(asJson(path + "." + e.getKey(), x.asText())));
        } else {
          out.set(e.getKey(), e.getValue());
        }
      });
      return out;
    }
    return value;
  }

  /** The value as the engine writes it (compact JSON), or a 400 when it is not JSON. */
  private String asJson(String path, String text) {
    try {
      return json.writeValueAsString(json.readTree(text));
    } catch (Exception notJson) {
      throw bad(path + ": is the variable's value as JSON, so a string is quoted: \"\\\"" + text + "\\\"\"");
    }
  }

  /** One field's condition: a plain value is $eq; an object holds operators. */
  private static void condition(String path, Field field, JsonNode value, StringBuilder where, List<Object> args) {
    if (!value.isObject()) {
      where.append(" AND ").append(field.sql()).append(" = ?");
      args.add(value(path, field.kind(), value));
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> op = it.next();
      JsonNode operand = op.getValue();
      if (operand.isNull()) {
        continue;
      }
      String at = path + "." + op.getKey();
      switch (op.getKey()) {
        case "$eq", "$neq", "$gt", "$gte", "$lt", "$lte" -> {
          String sql = switch (op.getKey()) {
            case "$eq" -> " = ?";
            case "$neq" -> " IS DISTINCT FROM ?";
            case "$gt" -> " > ?";
            case "$gte" -> " >= ?";
            case "$lt" -> " < ?";
            default -> " <= ?";
          };
          where.append(" AND ").append(field.sql()).append(sql);
          args.add(value(at, field.kind(), operand));
        }
        case "$in", "$notIn" -> {
          if (!operand.isArray()) {
            throw bad(at + ": is a list");
          }
          if (operand.isEmpty()) {
            continue; // the Camunda client sends empty lists for operators it was not given
          }
          boolean in = op.getKey().equals("$in");
          // a missing value is "not in" any list
          where.append(" AND ").append(in ? "" : "(" + field.sql() + " IS NULL OR NOT ").append(field.sql()).append(" IN (");
          for (int i = 0; i < operand.size(); i++) {
            where.append(i == 0 ? "?" : ", ?");
            args.add(value(at + "[" + i + "]", field.kind(), operand.get(i)));
          }
          where.append(in ? ")" : "))");
        }
        case "$exists" -> where.append(" AND ").append(field.sql()).append(operand.asBoolean() ? " IS NOT NULL" : " IS NULL");
        default -> throw bad(at + ": not an operator this server knows ($eq, $neq, $in, $notIn, $exists, $gt, $gte, $lt, $lte)");
      }
    }
  }

  private static Object value(String path, Kind kind, JsonNode v) {
    switch (kind) {
      case KEY -> {
        if (v.isIntegralNumber()) {
          if (!v.canConvertToLong()) {
            throw bad(path + ": is a key (a 64-bit number)");
          }
          return v.asLong();
        }
        return keyValue(path, v.asText());
      }
      case INT -> {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
          throw bad(path + ": is a whole number (32-bit)");
        }
        return v.asInt();
      }
      case DATE -> {
        try {
          return Timestamp.from(OffsetDateTime.parse(v.asText()).toInstant());
        } catch (DateTimeParseException e) {
          throw bad(path + ": is a date-time such as 2026-11-22T10:00:00Z");
        }
      }
      case BOOL -> {
        if (!v.isBoolean()) {
          throw bad(path + ": is true or false");
        }
        return v.asBoolean();
      }
      default -> {
        if (!v.isValueNode()) {
          throw bad(path + ": is a string");
        }
        return v.asText();
      }
    }
  }

  static long keyValue(String path, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw bad(path + ": is a key (a number, as a string)");
    }
  }

  private static boolean constant(Field field) {
    return field.sql().equals(SearchResources.TENANT) || field.sql().equals("false");
  }

  private static int number(String path, JsonNode v, int min, int max, int absent) {
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw bad(path + ": is a whole number from " + min + " to " + max);
    }
    return v.asInt();
  }

  static ErrorResponseException bad(String detail) {
    return InstanceOperations.problem(HttpStatus.BAD_REQUEST, detail);
  }

}
