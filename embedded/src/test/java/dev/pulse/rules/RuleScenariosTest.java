package dev.pulse.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every analyst scenario in {@code rules/tests/<domain>/*.yaml} against the shipped rules,
 * one JUnit test per case named "file › case", and checks that every shipped rule fires in at
 * least one scenario.
 */
class RuleScenariosTest {

  private static final Map<RuleDomain, CompiledRuleBase> RULES = new EnumMap<>(RuleDomain.class);

  private static synchronized CompiledRuleBase rules(RuleDomain domain) {
    return RULES.computeIfAbsent(domain, RuleFiles::compiled);
  }

  @TestFactory
  Stream<DynamicTest> analystScenarios() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (RuleDomain domain : RuleDomain.values()) {
      Path dir = TestStack.repoDir().resolve("rules/tests").resolve(domain.id());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
          String name = domain.id() + "/" + file.getFileName();
          for (Scenarios.Case scenario : Scenarios.parse(domain, name, Files.readString(file))) {
            tests.add(
                DynamicTest.dynamicTest(
                    name + " › " + scenario.name(),
                    file.toUri(),
                    () -> {
                      Scenarios.Outcome outcome = Scenarios.run(rules(domain), scenario);
                      assertThat(outcome.failures())
                          .as("decisions: %s%nfired: %s", outcome.decisions(), outcome.firedRules())
                          .isEmpty();
                    }));
          }
        }
      }
    }
    return tests.stream();
  }

  /** Independent of test order: runs the scenarios again and collects the rules they fire. */
  @Test
  void everyShippedRuleFiresInSomeScenario() throws IOException {
    for (RuleDomain domain : RuleDomain.values()) {
      Set<String> fired = new HashSet<>();
      Path dir = TestStack.repoDir().resolve("rules/tests").resolve(domain.id());
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
          for (Scenarios.Case scenario : Scenarios.parse(domain, file.toString(), Files.readString(file))) {
            fired.addAll(Scenarios.run(rules(domain), scenario).firedRules());
          }
        }
      }
      assertThat(rules(domain).ruleNames()).as("rules of %s without a scenario that fires them", domain.id()).allMatch(fired::contains);
    }
  }

  @AfterAll
  static void release() {
    RULES.clear();
  }
}
