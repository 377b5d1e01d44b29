package dev.pulse.surveys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.platform.web.StrictJson;
import dev.pulse.rules.BuildError;
import dev.pulse.rules.RuleBases;
import dev.pulse.rules.RuleCompiler;
import dev.pulse.rules.RuleDomain;
import dev.pulse.rules.RuleFile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dry-runs over REST: a candidate recipients rule set, or a survey's candidate recipients, against
 * the stored contacts, in slices ({@link RecipientsDryRun}).
 */
@RestController
@Tag(name = "Rules")
class RecipientsDryRunController {

  static final Duration BUDGET = Duration.ofSeconds(10);

  record FileText(@NotBlank @Size(max = 200) String name, @NotNull @Size(max = 500_000) String text) {}

  record RulesDryRun(@NotNull @Size(min = 1, max = 50) List<@Valid FileText> files, @Size(max = 100) String surveyId, @Size(max = 200) String cursor,
      @Min(1) @Max(10_000) Integer limit, @Min(0) @Max(200) Integer sample, @Size(max = 200) String q) {}

  /** A rules dry-run's result, with what the domain's scenarios say of the candidate. */
  record RulesDryRunResult(RecipientsDryRun.Result result, String scenarios, List<BuildError> scenarioFailures, List<BuildError> warnings) {}

  record SurveyDryRun(@Valid SurveyInput.Recipients recipients, @Size(max = 200) String cursor, @Min(1) @Max(10_000) Integer limit,
      @Min(0) @Max(200) Integer sample, @Size(max = 200) String q) {}

  private final RecipientsDryRun dryRun;
  private final RuleBases rules;
  private final StrictJson strict;
  private final SurveyService surveys;

  RecipientsDryRunController(RecipientsDryRun dryRun, RuleBases rules, StrictJson strict, SurveyService surveys) {
    this.dryRun = dryRun;
    this.rules = rules;
    this.strict = strict;
    this.surveys = surveys;
  }

  @PostMapping("/api/rules/recipients/dry-run")
  @Operation(summary = "What candidate recipients rules would change: files replacing the live files of the same name, decided against the stored"
      + " contacts for each published survey (or surveyId) beside the live rules; who would enter and leave, why, counts and a sample; the scenarios'"
      + " verdict on the candidate. In slices: go on with nextCursor until complete. Nothing is stored")
  @dev.pulse.platform.web.ApiDocumentation.Refuses({404, 422})
  RulesDryRunResult rules(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = RulesDryRun.class))) @RequestBody JsonNode body) {
    RulesDryRun in = strict.read(body, RulesDryRun.class);
    List<RuleFile> files = in.files().stream().map(f -> new RuleFile(fileName(f.name()), f.text())).toList();
    RuleCompiler.Result compiled = rules.validate(RuleDomain.RECIPIENTS, files);
    if (!compiled.ok()) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, "The candidate rules do not compile: " + compiled.errors().get(0));
      problem.setTitle("Candidate rules do not compile");
      problem.setProperty("errors", compiled.errors());
      throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_ENTITY, problem, null);
    }
    RuleBases.Gate gate = rules.gate(RuleDomain.RECIPIENTS, compiled.ruleBase());
    List<Survey> current = dryRun.published(in.surveyId());
    RecipientsDryRun.Result result = dryRun.run("recipients rules with " + files.stream().map(RuleFile::name).toList(), compiled.ruleBase(), current, current,
        in.cursor(), in.limit() == null ? 2000 : in.limit(), BUDGET, in.sample() == null ? 20 : in.sample(), in.q());
    return new RulesDryRunResult(result, gate.summary(), gate.failures(), compiled.warnings());
  }

  @PostMapping("/api/surveys/{id}/recipients/dry-run")
  @Operation(summary = "What new recipients (filter groups, lists) would change for this survey: who would enter and leave, why, counts and a sample;"
      + " in slices (nextCursor). Nothing is stored")
  RecipientsDryRun.Result survey(@PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SurveyDryRun.class))) @RequestBody JsonNode body) {
    SurveyDryRun in = strict.read(body, SurveyDryRun.class);
    Survey survey = surveys.get(id);
    if (in.recipients() != null && in.recipients().filterGroups() != null) {
      surveys.checkFilterGroups("recipients.filterGroups", in.recipients().filterGroups()); // 400 naming the filter, as a save would
    }
    SurveyInput candidate = survey.definition().withRecipients(in.recipients());
    Survey changed = new Survey(survey.id(), candidate, survey.status(), survey.publishedAt(), survey.createdAt(), survey.updatedAt(), survey.lastError());
    return dryRun.run("recipients of survey " + id, null, List.of(survey), List.of(changed), in.cursor(), in.limit() == null ? 2000 : in.limit(), BUDGET,
        in.sample() == null ? 20 : in.sample(), in.q());
  }

  private static String fileName(String name) {
    String base = java.nio.file.Path.of(name).getFileName().toString();
    return base.endsWith(".drl") ? base : base + ".drl";
  }
}
