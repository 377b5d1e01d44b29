package dev.pulse.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.surveys.facts.Bucket;
import dev.pulse.surveys.facts.Response;
import dev.pulse.surveys.facts.ScoreBucket;
import dev.pulse.surveys.facts.SurveyType;
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

  /**
   * The domain's types live with the feature that decides (Agent in conversations.facts, Response
   * in surveys.facts); a DRL file uses them without importing them, with or without a package
   * line, and errors still name the line the analyst wrote.
   */
  @Test
  void aFileUsesItsDomainsTypesWithoutImportingThem() {
    String noImports = "package dev.pulse.rules.assignment;\n\nrule \"any agent\"\nwhen\n  Agent( $id : id )\nthen\nend\n";
    assertThat(RuleCompiler.compile(RuleDomain.ASSIGNMENT, List.of(new RuleFile("a.drl", noImports))).errors()).isEmpty();
    String noPackage = "rule \"scored\" when Response() then end\n";
    assertThat(RuleCompiler.compile(RuleDomain.SCORING, List.of(new RuleFile("b.drl", noPackage))).errors()).isEmpty();
    String oldStyle = "package p\nimport dev.pulse.rules.facts.*;\nrule \"old\" when Response() Now() then end\n";
    assertThat(RuleCompiler.compile(RuleDomain.SCORING, List.of(new RuleFile("c.drl", oldStyle))).errors()).isEmpty();

    // a name the file imports or declares itself is the file's: java.util.Queue, a declared Candidate
    String ownNames = "package p\nimport java.util.Queue;\ndeclare Candidate\n  who : String\nend\n"
        + "rule \"own\" when $c : Candidate() $q : Queue() Agent() then end\n";
    assertThat(RuleCompiler.compile(RuleDomain.ASSIGNMENT, List.of(new RuleFile("own.drl", ownNames))).errors()).isEmpty();
    assertThat(RuleCompiler.withDomainImports(RuleDomain.ASSIGNMENT, ownNames)).doesNotContain("conversations.facts.Queue;")
        .doesNotContain("conversations.facts.Candidate;").contains("conversations.facts.Agent;");

    String broken = "package p\n\nrule \"x\" when Agent( nosuch == 1 ) then end\n";
    RuleCompiler.Result result = RuleCompiler.compile(RuleDomain.ASSIGNMENT, List.of(new RuleFile("d.drl", broken)));
    assertThat(result.ok()).isFalse();
    assertThat(result.errors().get(0).line()).isEqualTo(3);
    assertThat(result.errors().get(0).message()).contains("nosuch");

    String[] lines = RuleCompiler.withDomainImports(RuleDomain.ASSIGNMENT, "package p\nrule").split("\n", -1);
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("package p; import ").contains("import dev.pulse.conversations.facts.Agent;")
        .contains("import dev.pulse.conversations.facts.AgentStatus;").contains("import dev.pulse.rules.facts.Now;").doesNotContain("*");
    assertThat(RuleDomain.TARGETING.importableTypes()).contains("dev.pulse.chatflows.facts.PageMatch", "dev.pulse.rules.facts.Device",
        "dev.pulse.surveys.facts.WebSurvey", "dev.pulse.conversations.facts.InboxStatus").doesNotContain("dev.pulse.rules.facts.package-info");
    // one simple name, one class: two features' types of the same name would break every file of the domain
    for (RuleDomain domain : RuleDomain.values()) {
      List<String> simpleNames = domain.importableTypes().stream().map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
      assertThat(simpleNames).as(domain.id()).doesNotHaveDuplicates();
    }
    assertThat(RuleDomain.ASSIGNMENT.packages()).contains("dev.pulse.conversations.facts").doesNotContain("dev.pulse.surveys.facts");
    assertThat(RuleDomain.RECIPIENTS.packages()).contains("dev.pulse.surveys.facts").doesNotContain("dev.pulse.conversations.facts");
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
  void anEnumFieldComparedWithATextIsRefusedWithTheConstantToWrite() {
    String drl = "package p\nimport dev.pulse.rules.facts.*;\n// a comment with Agent( status == \"away\" ) is not a rule\nrule \"x\"\nwhen\n"
        + "  $c : ConversationToRoute( $cid : conversationId )\n  Agent( status != \"available\", $aid : id )\nthen\nend\n";
    RuleCompiler.Result result = RuleCompiler.compile(RuleDomain.ASSIGNMENT, List.of(new RuleFile("routing.drl", drl)));

    assertThat(result.ok()).isFalse();
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.file()).isEqualTo("routing.drl");
      assertThat(e.line()).isEqualTo(7);
      assertThat(e.message()).contains("Agent.status is a AgentStatus").contains("write AgentStatus.AVAILABLE instead");
    });
  }

  @Test
  void aMisspeltEnumValueIsRefusedWhetherWrittenAsTextOrAsConstant() {
    String asText = "package p\nimport dev.pulse.rules.facts.*;\nrule \"x\" when Response( surveyType == \"CSTA\" ) then end\n";
    RuleCompiler.Result text = RuleCompiler.compile(RuleDomain.SCORING, List.of(new RuleFile("buckets.drl", asText)));
    assertThat(text.errors()).singleElement().satisfies(e -> {
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.message()).contains("\"CSTA\" is none of its values").contains("SurveyType.CSAT, SurveyType.NPS, SurveyType.CES");
    });

    String asConstant = "package p\nimport dev.pulse.rules.facts.*;\nrule \"x\" when Response( surveyType == SurveyType.CSTA ) then end\n";
    RuleCompiler.Result constant = RuleCompiler.compile(RuleDomain.SCORING, List.of(new RuleFile("buckets.drl", asConstant)));
    assertThat(constant.ok()).isFalse();
    assertThat(constant.errors()).anySatisfy(e -> {
      assertThat(e.file()).isEqualTo("buckets.drl");
      assertThat(e.message()).contains("CSTA");
    });
  }

  @Test
  void aTextComparedWithATextFieldIsStillFine() {
    String drl = "package p\nimport dev.pulse.rules.facts.*;\nrule \"x\" when Response( id == \"r-1\", surveyType == SurveyType.NPS ) then end\n";
    assertThat(RuleCompiler.compile(RuleDomain.SCORING, List.of(new RuleFile("ok.drl", drl))).errors()).isEmpty();
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
      assertThat(scoring.evaluate(List.of(new Response("r" + score, SurveyType.CSAT, 1 + score % 5))).decisions(Bucket.class)).hasSize(1);
    }
    assertThat(RuleCompiler.builds()).isEqualTo(builds);
  }

  @Test
  void decisionsCarryTheRuleThatMadeThem() {
    CompiledRuleBase scoring = RuleFiles.compiled(RuleDomain.SCORING);
    Response response = new Response("r1", SurveyType.NPS, 9);
    CompiledRuleBase.Evaluation evaluation = scoring.evaluate(List.of(response));
    assertThat(evaluation.decisions(Bucket.class))
        .singleElement()
        .satisfies(b -> {
          assertThat(b.getBucket()).isEqualTo(ScoreBucket.HAPPY);
          assertThat(b.getRule()).isEqualTo("NPS 9-10 is happy (promoter)");
        });
    assertThat(evaluation.firedRules()).containsExactly("NPS 9-10 is happy (promoter)");
  }
}
