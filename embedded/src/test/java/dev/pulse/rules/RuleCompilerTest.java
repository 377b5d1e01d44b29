package dev.pulse.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.rules.facts.Bucket;
import dev.pulse.rules.facts.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;

class RuleCompilerTest {

  @Test
  void everyShippedDomainCompiles() {
    for (RuleDomain domain : RuleDomain.values()) {
      RuleCompiler.Result result = RuleCompiler.compile(domain, RuleFiles.of(domain));
      assertThat(result.errors()).as(domain.id()).isEmpty();
      assertThat(result.ruleBase().ruleNames()).as(domain.id()).isNotEmpty();
    }
  }

  @Test
  void aBrokenFileIsReportedWithItsNameAndLine() {
    String good = "package p\nimport dev.pulse.rules.facts.*;\nrule \"fine\" when Response() then end\n";
    String broken = "package p\nimport dev.pulse.rules.facts.*;\n\nrule \"broken\"\nwhen\n  Response( scor == 1 )\nthen\nend\n";
    RuleCompiler.Result result =
        RuleCompiler.compile(RuleDomain.SCORING, List.of(new RuleFile("good.drl", good), new RuleFile("broken.drl", broken)));

    assertThat(result.ok()).isFalse();
    assertThat(result.errors()).isNotEmpty();
    BuildError error = result.errors().get(0);
    assertThat(error.file()).isEqualTo("broken.drl");
    assertThat(error.line()).isBetween(4, 6);
    assertThat(error.message()).contains("scor");
  }

  @Test
  void aSyntaxErrorNamesTheLine() {
    String broken = "package p\nimport dev.pulse.rules.facts.*;\nrule \"x\"\nwhen\n  Response( \nthen\nend\n";
    RuleCompiler.Result result = RuleCompiler.compile(RuleDomain.SCORING, List.of(new RuleFile("syntax.drl", broken)));
    assertThat(result.ok()).isFalse();
    assertThat(result.errors()).allSatisfy(e -> assertThat(e.file()).isEqualTo("syntax.drl"));
    assertThat(result.errors()).anySatisfy(e -> assertThat(e.line()).isGreaterThan(0));
  }

  @Test
  void buildsLeaveNoModuleBehindInDroolsRepository() {
    KieServices kie = KieServices.get();
    for (int i = 0; i < 5; i++) {
      assertThat(RuleCompiler.compile(RuleDomain.SCORING, RuleFiles.of(RuleDomain.SCORING)).ok()).isTrue();
      long build = RuleCompiler.builds();
      assertThat(kie.getRepository().getKieModule(RuleCompiler.releaseId(RuleDomain.SCORING, build))).as("module of build " + build).isNull();
    }
  }

  @Test
  void evaluatingNeverCompiles() {
    CompiledRuleBase scoring = RuleFiles.compiled(RuleDomain.SCORING);
    long builds = RuleCompiler.builds();
    for (int score = 1; score <= 100; score++) {
      assertThat(scoring.evaluate(List.of(new Response("r" + score, "CSAT", 1 + score % 5))).decisions(Bucket.class)).hasSize(1);
    }
    assertThat(RuleCompiler.builds()).isEqualTo(builds);
  }

  @Test
  void decisionsCarryTheRuleThatMadeThem() {
    CompiledRuleBase scoring = RuleFiles.compiled(RuleDomain.SCORING);
    Response response = new Response("r1", "NPS", 9);
    CompiledRuleBase.Evaluation evaluation = scoring.evaluate(List.of(response));
    assertThat(evaluation.decisions(Bucket.class))
        .singleElement()
        .satisfies(b -> {
          assertThat(b.getBucket()).isEqualTo("HAPPY");
          assertThat(b.getRule()).isEqualTo("NPS 9-10 is happy (promoter)");
        });
    assertThat(evaluation.firedRules()).containsExactly("NPS 9-10 is happy (promoter)");
  }
}
