package dev.pulse.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pulse.rules.facts.Now;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Analysts' rule scenarios: "given these facts, expect these decisions (and the rule that made
 * them)". Files are YAML under {@code rules/tests/<domain>/}:
 *
 * <pre>
 * cases:
 *   - name: an unsubscribed customer is excluded
 *     now: 2026-06-01T00:00:00Z          # optional; the moment the rules see as "now"
 *     given:
 *       - Audience: { surveyId: s1 }
 *       - Recipient: { contactId: c1, unsubscribed: true }
 *     expect:                             # each must be among the decisions
 *       - Excluded: { contactId: c1 }
 *         rule: "Exclude: unsubscribed"   # optional: the rule that decided it
 *     expectNone:                         # none of these may be among the decisions
 *       - Eligible: { contactId: c1 }
 * </pre>
 *
 * A decision matches an expectation when it has the type and every field listed (other fields
 * are not compared).
 */
public final class Scenarios {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final ObjectMapper JSON =
      JsonMapper.builder().addModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

  private Scenarios() {}

  public record Expectation(String type, Map<String, Object> fields, String rule) {
    @Override
    public String toString() {
      return type + fields + (rule == null ? "" : " by rule \"" + rule + "\"");
    }
  }

  public record Case(String name, Instant now, List<Object> given, List<Expectation> expect, List<Expectation> expectNone) {}

  public record Outcome(String name, boolean passed, List<String> failures, List<String> decisions, List<String> firedRules) {}

  /** Thrown for a file that is not a valid scenario file; the message says where. */
  public static final class InvalidScenario extends IllegalArgumentException {
    public InvalidScenario(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Reads a scenario file's cases; facts are built with the domain's fact types. */
  public static List<Case> parse(RuleDomain domain, String fileName, String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InvalidScenario(fileName + ": not valid YAML at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.path("cases").isArray()) {
      throw new InvalidScenario(fileName + ": expected a top-level 'cases:' list", null);
    }
    List<Case> cases = new ArrayList<>();
    int index = 0;
    for (JsonNode node : root.get("cases")) {
      index++;
      String name = node.path("name").asText("case " + index);
      String where = fileName + " › " + name;
      Instant now = node.hasNonNull("now") ? Instant.parse(node.get("now").asText()) : null;
      List<Object> given = facts(domain, node.path("given"), where);
      if (now != null) {
        given.add(new Now(now));
      }
      cases.add(new Case(name, now, given, expectations(domain, node.path("expect"), where), expectations(domain, node.path("expectNone"), where)));
    }
    return cases;
  }

  /**
   * Facts written as a list of one-key maps naming their type: {@code [{Recipient: {...}}, ...]}
   * (the form of scenario files and of the evaluate API).
   */
  public static List<Object> facts(RuleDomain domain, JsonNode list, String where) {
    List<Object> facts = new ArrayList<>();
    for (JsonNode fact : list) {
      Map.Entry<String, JsonNode> typed = single(fact, where, "given");
      Class<?> type = type(domain, typed.getKey(), where);
      try {
        facts.add(YAML.treeToValue(typed.getValue().isNull() ? YAML.createObjectNode() : typed.getValue(), type));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new InvalidScenario(where + ": cannot read " + typed.getKey() + ": " + message(e), e);
      }
    }
    return facts;
  }

  private static List<Expectation> expectations(RuleDomain domain, JsonNode list, String where) {
    List<Expectation> result = new ArrayList<>();
    for (JsonNode entry : list) {
      String rule = entry.hasNonNull("rule") ? entry.get("rule").asText() : null;
      Map.Entry<String, JsonNode> typed = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getKey().equals("rule")) {
          if (typed != null) {
            throw new InvalidScenario(where + ": an expectation names one decision type, found " + typed.getKey() + " and " + field.getKey(), null);
          }
          typed = field;
        }
      }
      if (typed == null) {
        throw new InvalidScenario(where + ": an expectation needs a decision type, e.g. 'Excluded: { contactId: c1 }'", null);
      }
      Class<?> type = type(domain, typed.getKey(), where);
      if (!domain.decisionTypes().contains(type)) {
        throw new InvalidScenario(where + ": " + typed.getKey() + " is not a decision of the " + domain.id() + " rules " + names(domain.decisionTypes()), null);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = typed.getValue().isNull() ? Map.of() : YAML.convertValue(typed.getValue(), LinkedHashMap.class);
      result.add(new Expectation(typed.getKey(), fields, rule));
    }
    return result;
  }

  /** Runs one case against a rule base. */
  public static Outcome run(CompiledRuleBase rules, Case scenario) {
    CompiledRuleBase.Evaluation evaluation;
    try {
      evaluation = rules.evaluate(scenario.given());
    } catch (RuleFailure e) {
      return new Outcome(scenario.name(), false, List.of(e.getMessage()), List.of(), e.rule() == null ? List.of() : List.of(e.rule()));
    }
    List<String> failures = new ArrayList<>();
    for (Expectation expected : scenario.expect()) {
      if (evaluation.decisions().stream().noneMatch(d -> matches(expected, d))) {
        failures.add("expected " + expected + ", but it was not decided");
      }
    }
    for (Expectation unwanted : scenario.expectNone()) {
      evaluation.decisions().stream()
          .filter(d -> matches(unwanted, d))
          .findFirst()
          .ifPresent(d -> failures.add("expected no " + unwanted + ", but got " + CompiledRuleBase.Evaluation.describe(d)));
    }
    List<String> decisions = evaluation.decisions().stream().map(CompiledRuleBase.Evaluation::describe).toList();
    return new Outcome(scenario.name(), failures.isEmpty(), failures, decisions, evaluation.firedRules());
  }

  static boolean matches(Expectation expected, Object decision) {
    if (!decision.getClass().getSimpleName().equals(expected.type())) {
      return false;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> actual = JSON.convertValue(decision, Map.class);
    for (Map.Entry<String, Object> field : expected.fields().entrySet()) {
      if (!Objects.equals(String.valueOf(field.getValue()), String.valueOf(actual.get(field.getKey())))) {
        return false;
      }
    }
    return expected.rule() == null || expected.rule().equals(actual.get("rule"));
  }

  private static Map.Entry<String, JsonNode> single(JsonNode node, String where, String section) {
    if (!node.isObject() || node.size() != 1) {
      throw new InvalidScenario(where + ": each '" + section + "' entry is one fact, e.g. '- Recipient: { contactId: c1 }'", null);
    }
    return node.fields().next();
  }

  private static Class<?> type(RuleDomain domain, String name, String where) {
    Class<?> type = domain.typesByName().get(name);
    if (type == null) {
      throw new InvalidScenario(where + ": unknown type '" + name + "'; the " + domain.id() + " rules know " + domain.typesByName().keySet(), null);
    }
    return type;
  }

  private static String names(List<Class<?>> types) {
    return types.stream().map(Class::getSimpleName).toList().toString();
  }

  private static String message(Exception e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }
}
