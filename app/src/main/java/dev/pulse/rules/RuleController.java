package dev.pulse.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pulse.rules.facts.Now;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The analysts' rule bases over REST: state, reload, validate, history, rollback, test, evaluate. */
@RestController
@RequestMapping("/api/rules")
@Tag(name = "Rules")
class RuleController {

  private static final ObjectMapper JSON =
      JsonMapper.builder().addModule(new JavaTimeModule()).disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

  private final RuleBases ruleBases;
  private final RuleProperties properties;

  private final dev.pulse.platform.audit.AuditLog audit;

  RuleController(RuleBases ruleBases, RuleProperties properties, dev.pulse.platform.audit.AuditLog audit) {
    this.audit = audit;
    this.ruleBases = ruleBases;
    this.properties = properties;
  }

  record FileInfo(String name, String hash) {}

  record DomainState(
      String domain,
      Integer version,
      String hash,
      Instant since,
      String trigger,
      String source,
      List<FileInfo> files,
      List<String> rules,
      RuleBases.BuildReport lastBuild,
      List<RuleBases.Failing> failing) {}

  @GetMapping
  @Operation(summary = "Every domain's live version and last build")
  List<DomainState> all() {
    return Stream.of(RuleDomain.values()).map(this::state).toList();
  }

  @GetMapping("/{domain}")
  @Operation(summary = "The live version of a domain, its files and rules, and the last build's errors (file, line, message)")
  DomainState get(@PathVariable String domain) {
    return state(domain(domain));
  }

  private DomainState state(RuleDomain domain) {
    var live = ruleBases.live(domain);
    return new DomainState(
        domain.id(),
        live.map(RuleBases.Live::version).orElse(null),
        live.map(l -> l.rules().hash()).orElse(null),
        live.map(RuleBases.Live::since).orElse(null),
        live.map(RuleBases.Live::trigger).orElse(null),
        ruleBases.sources().describe(domain),
        live.map(l -> l.rules().files().stream().map(f -> new FileInfo(f.name(), f.hash())).toList()).orElse(List.of()),
        live.map(l -> l.rules().ruleNames()).orElse(List.of()),
        ruleBases.lastBuild(domain).orElse(null),
        ruleBases.failing(domain));
  }

  @PostMapping("/{domain}/reload")
  @dev.pulse.platform.web.ApiDocumentation.Refuses(422)
  @Operation(summary = "Rebuild from the files now; a build that does not compile or fails the domain's scenarios is refused (422) and the live version keeps"
      + " serving. override=true with a reason lets failing scenarios through in an emergency (audited)")
  RuleBases.BuildReport reload(@PathVariable String domain, @RequestParam(required = false) Boolean override,
      @RequestParam(required = false) String reason) {
    String overrideReason = RuleBases.overrideReason(override, reason);
    RuleBases.BuildReport report = ruleBases.reload(domain(domain), "API_RELOAD", overrideReason);
    Map<String, Object> details = new LinkedHashMap<>(Map.of("ok", report.ok(), "version", String.valueOf(report.liveVersion()), "changed", report.changed(),
        "errors", report.errors().stream().map(BuildError::toString).toList()));
    if (overrideReason != null) {
      details.put("scenarioGateOverridden", overrideReason);
      details.put("scenarios", String.valueOf(report.scenarios()));
    }
    audit.record("RULES_RELOAD", report.domain().id(), details);
    return requireOk(report);
  }


  record FileText(@NotBlank String name, @NotNull String text) {}

  record ValidateRequest(@NotEmpty List<@Valid FileText> files) {}

  record ValidateResponse(boolean valid, List<BuildError> errors, List<BuildError> warnings, List<String> rules) {}

  @PostMapping("/{domain}/validate")
  @Operation(summary = "Check DRL text without deploying it; the files replace the live files of the same name")
  ValidateResponse validate(@PathVariable String domain, @Valid @RequestBody ValidateRequest request) {
    List<RuleFile> files = request.files().stream().map(f -> new RuleFile(fileName(f.name()), f.text())).toList();
    RuleCompiler.Result result = ruleBases.validate(domain(domain), files);
    return new ValidateResponse(result.ok(), result.errors(), result.warnings(), result.ok() ? result.ruleBase().ruleNames() : List.of());
  }

  record VersionInfo(int version, String hash, String trigger, Instant createdAt, String createdBy, int buildMillis, boolean live, List<FileInfo> files, List<String> rules) {}

  @GetMapping("/{domain}/history")
  @Operation(summary = "Every version that went live, newest first")
  List<VersionInfo> history(@PathVariable String domain) {
    RuleDomain d = domain(domain);
    Integer liveVersion = ruleBases.live(d).map(RuleBases.Live::version).orElse(null);
    return ruleBases.history(d).stream()
        .map(v -> new VersionInfo(v.version(), v.hash(), v.trigger(), v.createdAt(), v.createdBy(), v.buildMillis(),
            liveVersion != null && liveVersion == v.version(),
            v.files().stream().map(f -> new FileInfo(f.name(), f.hash())).toList(), v.ruleNames()))
        .toList();
  }

  @GetMapping("/{domain}/history/{version}")
  @Operation(summary = "One version with the full text of its files")
  RuleVersionRepository.Version version(@PathVariable String domain, @PathVariable int version) {
    RuleDomain d = domain(domain);
    return ruleBases.version(d, version).orElseThrow(() -> notFound("The " + d.id() + " rules have no version " + version));
  }

  record RollbackRequest(@NotNull Integer version, Boolean override, String reason) {}

  @PostMapping("/{domain}/rollback")
  @dev.pulse.platform.web.ApiDocumentation.Refuses(422)
  @Operation(summary = "Make an earlier version live again (as a new version); its files are written back to the rules folder")
  RuleBases.RollbackResult rollback(@PathVariable String domain, @Valid @RequestBody RollbackRequest request) {
    RuleDomain d = domain(domain);
    RuleBases.RollbackResult result;
    try {
      String overrideReason = RuleBases.overrideReason(request.override(), request.reason());
      result = ruleBases.rollback(d, request.version(), dev.pulse.platform.audit.AuditLog.actor(), overrideReason);
      Map<String, Object> details = new LinkedHashMap<>(Map.of("restoredFrom", request.version(), "ok", result.build().ok(), "version", String.valueOf(result.build().liveVersion())));
      if (overrideReason != null) {
        details.put("scenarioGateOverridden", overrideReason);
      }
      audit.record("RULES_ROLLBACK", d.id(), details);
    } catch (RuleBases.UnknownVersion e) {
      throw notFound(e.getMessage());
    }
    requireOk(result.build());
    return result;
  }

  record TestFileResult(String file, List<Scenarios.Outcome> cases) {}

  record TestReport(int version, int total, int failed, boolean passed, List<TestFileResult> files) {}

  @PostMapping("/{domain}/test")
  @Operation(
      summary = "Run scenarios against the live version",
      description = "Body: a scenario file (YAML or JSON, as in rules/tests/). Without a body, runs the domain's scenario files from the rules folder.")
  TestReport test(@PathVariable String domain,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "A scenario file, as in rules/tests/ (YAML, or JSON, which YAML reads too)", content = {
          @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/yaml", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")),
          @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/plain", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string"))})
      @RequestBody(required = false) String body) throws IOException {
    RuleDomain d = domain(domain);
    RuleBases.Live live = ruleBases.live(d).orElseThrow(() -> new RuleBases.NoLiveVersion(d, null));
    Map<String, String> files = new LinkedHashMap<>();
    if (body != null && !body.isBlank()) {
      files.put("request", body);
    } else {
      files.putAll(ruleBases.sources().scenarios(d)); // the same files that gate every change
    }
    List<TestFileResult> results = new ArrayList<>();
    int total = 0;
    int failed = 0;
    for (Map.Entry<String, String> file : files.entrySet()) {
      List<Scenarios.Outcome> outcomes = new ArrayList<>();
      for (Scenarios.Case scenario : Scenarios.parse(d, file.getKey(), file.getValue())) {
        Scenarios.Outcome outcome = Scenarios.run(live.rules(), scenario);
        outcomes.add(outcome);
        total++;
        failed += outcome.passed() ? 0 : 1;
      }
      results.add(new TestFileResult(file.getKey(), outcomes));
    }
    return new TestReport(live.version(), total, failed, failed == 0, results);
  }

  record EvaluateRequest(
      @io.swagger.v3.oas.annotations.media.Schema(description = "The facts of the domain, as in a scenario file of rules/tests/: by fact type, each fact's fields")
      @NotNull JsonNode facts,
      Instant now) {}

  record EvaluateResponse(
      int version,
      @io.swagger.v3.oas.annotations.media.Schema(description = "Each decision the rules made: its type (the decision fact's class) and that fact's fields")
      List<Map<String, Object>> decisions,
      List<String> firedRules) {}

  @PostMapping("/{domain}/evaluate")
  @dev.pulse.platform.web.ApiDocumentation.Refuses(422)
  @Operation(summary = "Evaluate facts with the live version: the decisions, each with its rule, and the rules that fired")
  EvaluateResponse evaluate(@PathVariable String domain, @Valid @RequestBody EvaluateRequest request) {
    RuleDomain d = domain(domain);
    List<Object> facts = new ArrayList<>(Scenarios.facts(d, request.facts(), "facts"));
    if (request.now() != null) {
      facts.add(new Now(request.now()));
    }
    RuleBases.Evaluated result = ruleBases.evaluate(d, facts);
    List<Map<String, Object>> decisions = new ArrayList<>();
    for (Object decision : result.evaluation().decisions()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", decision.getClass().getSimpleName());
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = JSON.convertValue(decision, Map.class);
      entry.putAll(fields);
      decisions.add(entry);
    }
    return new EvaluateResponse(result.version(), decisions, result.evaluation().firedRules());
  }

  @ExceptionHandler(Scenarios.InvalidScenario.class)
  ResponseEntity<ProblemDetail> invalidScenario(Scenarios.InvalidScenario e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid facts or scenario");
    return ResponseEntity.badRequest().body(problem);
  }

  /** A rule failed while deciding the facts given: 422 naming it, its file and line. */
  @ExceptionHandler(RuleFailure.class)
  ResponseEntity<ProblemDetail> ruleFailed(RuleFailure e) {
    ProblemDetail problem = e.problem(HttpStatus.UNPROCESSABLE_ENTITY);
    problem.setProperty("reason", e.reason());
    return ResponseEntity.unprocessableEntity().body(problem);
  }

  @ExceptionHandler(RuleBases.NoLiveVersion.class)
  ResponseEntity<ProblemDetail> noLiveVersion(RuleBases.NoLiveVersion e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle("No working rule base");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
  }

  private static RuleDomain domain(String id) {
    return RuleDomain.byId(id)
        .orElseThrow(() -> notFound("No rule domain '" + id + "'; the domains are " + Stream.of(RuleDomain.values()).map(RuleDomain::id).toList()));
  }

  private static String fileName(String name) {
    String base = Path.of(name).getFileName().toString();
    return base.endsWith(".drl") ? base : base + ".drl";
  }

  private static RuleBases.BuildReport requireOk(RuleBases.BuildReport report) {
    if (report.ok()) {
      return report;
    }
    boolean scenarios = report.scenarios() != null;
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.UNPROCESSABLE_ENTITY,
            "The " + report.domain().id() + " rules " + (scenarios ? "compiled but failed their scenarios (" + report.scenarios() + "): " : "did not build: ")
                + report.errors().get(0)
                + (report.liveVersion() == null ? "" : "; version " + report.liveVersion() + " keeps serving"));
    problem.setTitle(scenarios ? "Rule change failed its scenarios" : "Rule base did not build");
    problem.setProperty("errors", report.errors());
    problem.setProperty("liveVersion", report.liveVersion());
    throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_ENTITY, problem, null);
  }

  private static ErrorResponseException notFound(String detail) {
    return new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail), null);
  }
}
