package dev.pulse.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario runner itself: it must fail on wrong expectations, not only pass on right ones. */
class ScenariosTest {

  private final CompiledRuleBase scoring = RuleFiles.compiled(RuleDomain.SCORING);

  private Scenarios.Outcome run(String yaml) {
    List<Scenarios.Case> cases = Scenarios.parse(RuleDomain.SCORING, "self-test.yaml", yaml);
    assertThat(cases).hasSize(1);
    return Scenarios.run(scoring, cases.get(0));
  }

  @Test
  void aRightExpectationPasses() {
    Scenarios.Outcome outcome =
        run(
            """
            cases:
              - name: right
                given: [ { Response: { id: r1, surveyType: CSAT, score: 3 } } ]
                expect: [ { Bucket: { responseId: r1, bucket: NEUTRAL }, rule: "CSAT 3 is neutral" } ]
            """);
    assertThat(outcome.passed()).isTrue();
    assertThat(outcome.firedRules()).containsExactly("CSAT 3 is neutral");
  }

  @Test
  void aWrongDecisionFails() {
    Scenarios.Outcome outcome =
        run(
            """
            cases:
              - name: wrong bucket
                given: [ { Response: { id: r1, surveyType: CSAT, score: 3 } } ]
                expect: [ { Bucket: { responseId: r1, bucket: HAPPY } } ]
            """);
    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.failures()).singleElement().asString().contains("expected Bucket{responseId=r1, bucket=HAPPY}");
    assertThat(outcome.decisions()).singleElement().asString().contains("NEUTRAL").contains("CSAT 3 is neutral");
  }

  @Test
  void aWrongDecidingRuleFails() {
    Scenarios.Outcome outcome =
        run(
            """
            cases:
              - name: wrong rule
                given: [ { Response: { id: r1, surveyType: CSAT, score: 3 } } ]
                expect: [ { Bucket: { responseId: r1, bucket: NEUTRAL }, rule: "CSAT 4-5 is happy" } ]
            """);
    assertThat(outcome.passed()).isFalse();
  }

  @Test
  void anUnwantedDecisionFails() {
    Scenarios.Outcome outcome =
        run(
            """
            cases:
              - name: unwanted
                given: [ { Response: { id: r1, surveyType: NPS, score: 10 } } ]
                expectNone: [ { Bucket: { responseId: r1 } } ]
            """);
    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.failures()).singleElement().asString().contains("expected no Bucket").contains("HAPPY");
  }

  @Test
  void anUnknownTypeIsRefusedNamingFileAndCase() {
    assertThatThrownBy(
            () ->
                Scenarios.parse(
                    RuleDomain.SCORING,
                    "self-test.yaml",
                    """
                    cases:
                      - name: typo
                        given: [ { Respons: { id: r1 } } ]
                    """))
        .isInstanceOf(Scenarios.InvalidScenario.class)
        .hasMessageContaining("self-test.yaml › typo")
        .hasMessageContaining("Respons");
  }

  @Test
  void anUnknownFieldIsRefused() {
    assertThatThrownBy(
            () ->
                Scenarios.parse(
                    RuleDomain.SCORING,
                    "self-test.yaml",
                    """
                    cases:
                      - name: field typo
                        given: [ { Response: { id: r1, scroe: 3 } } ]
                    """))
        .isInstanceOf(Scenarios.InvalidScenario.class)
        .hasMessageContaining("scroe");
  }
}
