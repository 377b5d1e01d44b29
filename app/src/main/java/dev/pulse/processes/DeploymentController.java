package dev.pulse.processes;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.pulse.platform.web.StrictJson;
import dev.pulse.rules.BuildError;
import dev.pulse.rules.RuleBases;
import dev.pulse.rules.RuleDomain;
import dev.pulse.rules.RuleFile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every BPMN and rule version in one place: the list (who, when, checksum, errors), an upload
 * that is validated before anything goes live, the diff of two versions, and rollback to an
 * earlier one (deployed again as a new version).
 */
@RestController
@Tag(name = "Deployments")
class DeploymentController {

  enum Kind {
    BPMN,
    DRL
  }

  /** One line of the deployments list, whatever its kind. */
  record Item(
      Kind kind, String name, String processId, String domain, Integer version, String checksum, String status, String error, String trigger,
      String by, Instant at, boolean current) {}

  private final ProcessDeployer deployer;
  private final DeploymentRepository deployments;
  private final RuleBases rules;
  private final StrictJson strict;
  private final dev.pulse.platform.audit.AuditLog audit;

  DeploymentController(
      ProcessDeployer deployer, DeploymentRepository deployments, RuleBases rules, StrictJson strict,
      dev.pulse.platform.audit.AuditLog audit) {
    this.audit = audit;
    this.deployer = deployer;
    this.deployments = deployments;
    this.rules = rules;
    this.strict = strict;
  }

  @GetMapping("/api/deployments")
  @Operation(summary = "Every BPMN deployment attempt (refusals with their error) and every rule version: who, when, checksum; newest first")
  List<Item> list(@RequestParam(required = false) String kind, @RequestParam(defaultValue = "false") boolean includeRetired) {
    Kind only = kind == null ? null : kind(kind);
    List<Item> items = new ArrayList<>();
    if (only == null || only == Kind.BPMN) {
      for (DeploymentRepository.Attempt a : deployments.attempts(!includeRetired, 1000)) {
        items.add(new Item(Kind.BPMN, a.resourceName(), a.processId(), null, a.version(), a.checksum(), a.status(), a.error(), a.trigger(), a.deployedBy(),
            a.deployedAt(), a.active()));
      }
    }
    if (only == null || only == Kind.DRL) {
      for (RuleDomain domain : RuleDomain.values()) {
        for (RuleBases.VersionSummary v : rules.versions(domain)) {
          items.add(new Item(Kind.DRL, domain.id() + "/" + String.join(",", v.files()), null, domain.id(), v.version(), v.hash(), v.live() ? "LIVE" : "RECORDED",
              null, v.trigger(), v.createdBy(), v.createdAt(), v.live()));
        }
        rules.lastBuild(domain).filter(b -> !b.ok()).ifPresent(b -> items.add(new Item(Kind.DRL, domain.id(), null, domain.id(), null, null, "REJECTED",
            b.errors().stream().map(BuildError::toString).reduce((x, y) -> x + "; " + y).orElse(null), b.trigger(), null, b.at(), false)));
      }
    }
    items.sort(Comparator.comparing(Item::at, Comparator.nullsLast(Comparator.reverseOrder())));
    return items;
  }

  /** What a deployment or rollback made live: one of the three shapes below, told apart by kind and by what they hold. */
  @Schema(oneOf = {BpmnDeployed.class, DrlDeployed.class, DrlRolledBack.class})
  sealed interface Deployment permits BpmnDeployed, DrlDeployed, DrlRolledBack {}

  /** A process file deployed (or rolled back): the versions it made, its scenarios' outcome (null when it has none), whether it was written to the folder. */
  record BpmnDeployed(Kind kind, List<ProcessDeployer.Deployed> deployed, @JsonInclude(JsonInclude.Include.ALWAYS) String scenarios, boolean fileWritten)
      implements Deployment {}

  /** A rule file deployed: the domain's live version, whether it changed, build warnings, its scenarios' outcome (null when none ran). */
  record DrlDeployed(Kind kind, String domain, @JsonInclude(JsonInclude.Include.ALWAYS) Integer version, boolean changed, List<BuildError> warnings,
      @JsonInclude(JsonInclude.Include.ALWAYS) String scenarios) implements Deployment {}

  /** An earlier rule version made live again, as the new version {@code version}. */
  record DrlRolledBack(Kind kind, String domain, int restoredFrom, @JsonInclude(JsonInclude.Include.ALWAYS) Integer version, boolean fileWritten)
      implements Deployment {}

  /** Two versions compared: the unified diff of their files, empty when identical. */
  record Diff(Kind kind, int from, int to, boolean identical, String diff) {}

  record Upload(@NotNull Kind kind, @NotBlank @Size(max = 200) String name, @NotNull @Size(max = 2_000_000) String content, Boolean override, String reason) {}

  @PostMapping("/api/deployments")
  @Operation(summary = "Deploy one BPMN file or one DRL file (name domain/file.drl); validated first (a DRL change against its domain's scenarios in rules/tests/, a BPMN change against its process's scenarios in processes/tests/),"
      + " refused (422) with where the problem is, nothing half-deployed. override=true with a reason lets failing scenarios through (audited)")
  @dev.pulse.platform.web.ApiDocumentation.Answers({201})
  @dev.pulse.platform.web.ApiDocumentation.Refuses(422)
  ResponseEntity<Deployment> upload(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = Upload.class))) @RequestBody JsonNode body) {
    Upload in = strict.read(body, Upload.class);
    return switch (in.kind()) {
      case BPMN -> deployBpmn(in.name(), in.content().getBytes(StandardCharsets.UTF_8), "API", RuleBases.overrideReason(in.override(), in.reason()));
      case DRL -> deployDrl(in.name(), in.content(), RuleBases.overrideReason(in.override(), in.reason()));
    };
  }

  private ResponseEntity<Deployment> deployBpmn(String name, byte[] content, String trigger, String overrideReason) {
    if (!name.matches("[A-Za-z0-9_.-]+\\.bpmn")) {
      throw StrictJson.invalidField("name", "is a file name such as survey-lifecycle.bpmn (letters, digits, '.', '_', '-')");
    }
    ProcessDeployer.Outcome outcome = deployer.deploy(name, content, trigger, dev.pulse.platform.audit.AuditLog.actor(), overrideReason);
    Map<String, Object> details = new LinkedHashMap<>(outcome.rejected() != null
        ? Map.of("outcome", "REFUSED", "error", outcome.rejected().error())
        : Map.of("outcome", "DEPLOYED", "versions", outcome.deployed().stream().map(d -> d.processId() + " v" + d.version()).toList(),
            "checksum", ProcessDeployer.sha256(content)));
    if (outcome.scenarios() != null) {
      details.put("scenarios", outcome.scenarios());
    }
    if (overrideReason != null) {
      details.put("scenarioGateOverridden", overrideReason);
    }
    audit.record(trigger.equals("ROLLBACK") ? "BPMN_ROLLBACK" : "BPMN_DEPLOY", name, details);
    if (outcome.rejected() != null) {
      throw refused("The process file " + name + " was refused; nothing was deployed and the previous version keeps running: " + outcome.rejected().error(),
          List.of(Map.of("file", name, "message", outcome.rejected().error())));
    }
    boolean written = deployer.writeToFolder(name, content);
    return ResponseEntity.status(HttpStatus.CREATED).body(new BpmnDeployed(Kind.BPMN, outcome.deployed(), outcome.scenarios(), written));
  }

  private ResponseEntity<Deployment> deployDrl(String name, String content, String overrideReason) {
    String[] parts = name.split("/", 2);
    RuleDomain domain = parts.length == 2 ? RuleDomain.byId(parts[0]).orElse(null) : null;
    if (domain == null || !parts[1].matches("[A-Za-z0-9_.-]+\\.drl")) {
      throw StrictJson.invalidField("name", "is <domain>/<file>.drl with a domain of " + Stream.of(RuleDomain.values()).map(RuleDomain::id).toList());
    }
    RuleBases.BuildReport report = rules.deployFile(domain, new RuleFile(parts[1], content), "API_DEPLOY", dev.pulse.platform.audit.AuditLog.actor(), overrideReason);
    Map<String, Object> details = new LinkedHashMap<>(report.ok()
        ? Map.of("outcome", "DEPLOYED", "version", String.valueOf(report.liveVersion()), "changed", report.changed())
        : Map.of("outcome", "REFUSED", "errors", report.errors().stream().map(BuildError::toString).toList()));
    if (overrideReason != null) {
      details.put("scenarioGateOverridden", overrideReason);
    }
    audit.record("DRL_DEPLOY", name, details);
    if (!report.ok()) {
      boolean scenarios = report.scenarios() != null;
      throw refused("The " + domain.id() + " rules " + (scenarios ? "with " + parts[1] + " failed their scenarios (" + report.scenarios() + ")" : "did not build with " + parts[1])
              + "; nothing was deployed"
              + (report.liveVersion() == null ? "" : " and version " + report.liveVersion() + " keeps serving") + ": " + report.errors().get(0),
          report.errors().stream().map(e -> Map.<String, Object>of("file", e.file(), "line", e.line(), "message", e.message())).toList());
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new DrlDeployed(Kind.DRL, domain.id(), report.liveVersion(), report.changed(), report.warnings(), report.scenarios()));
  }

  @GetMapping("/api/deployments/diff")
  @Operation(summary = "Unified diff of two versions: kind=BPMN&processId=..., or kind=DRL&domain=...; from and to are version numbers")
  Diff diff(
      @RequestParam String kind, @RequestParam(required = false) String processId, @RequestParam(required = false) String domain,
      @RequestParam int from, @RequestParam int to) {
    Map<String, String> before;
    Map<String, String> after;
    if (kind(kind) == Kind.BPMN) {
      if (processId == null) {
        throw StrictJson.invalidField("processId", "is required for a BPMN diff");
      }
      before = Map.of(processId + ".bpmn", bpmnContent(processId, from));
      after = Map.of(processId + ".bpmn", bpmnContent(processId, to));
    } else {
      RuleDomain d = ruleDomain(domain);
      before = rules.filesOf(d, from).orElseThrow(() -> notFound("The " + d.id() + " rules have no version " + from));
      after = rules.filesOf(d, to).orElseThrow(() -> notFound("The " + d.id() + " rules have no version " + to));
    }
    StringBuilder text = new StringBuilder();
    for (String file : new TreeSet<>(concat(before.keySet(), after.keySet()))) {
      List<String> a = lines(before.get(file));
      List<String> b = lines(after.get(file));
      List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(
          before.containsKey(file) ? file + " (version " + from + ")" : "/dev/null",
          after.containsKey(file) ? file + " (version " + to + ")" : "/dev/null", a, DiffUtils.diff(a, b), 3);
      unified.forEach(line -> text.append(line).append('\n'));
    }
    return new Diff(kind(kind), from, to, text.isEmpty(), text.toString());
  }

  record Rollback(@NotNull Kind kind, String processId, String domain, @NotNull @Min(1) Integer version, Boolean override, String reason) {}

  @PostMapping("/api/deployments/rollback")
  @Operation(summary = "Deploy an earlier version again, as a new version (running instances keep their own version); its file is written back to the folder")
  @dev.pulse.platform.web.ApiDocumentation.Answers({201})
  @dev.pulse.platform.web.ApiDocumentation.Refuses({404, 422})
  ResponseEntity<Deployment> rollback(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = Rollback.class))) @RequestBody JsonNode body) {
    Rollback in = strict.read(body, Rollback.class);
    if (in.kind() == Kind.BPMN) {
      if (in.processId() == null) {
        throw StrictJson.invalidField("processId", "is required to roll back a process");
      }
      String content = bpmnContent(in.processId(), in.version());
      String resource = deployments.resourceOf(in.processId()).orElse(in.processId() + ".bpmn");
      return deployBpmn(resource, content.getBytes(StandardCharsets.UTF_8), "ROLLBACK", RuleBases.overrideReason(in.override(), in.reason()));
    }
    RuleDomain d = ruleDomain(in.domain());
    RuleBases.RollbackResult result;
    try {
      result = rules.rollback(d, in.version(), dev.pulse.platform.audit.AuditLog.actor(), RuleBases.overrideReason(in.override(), in.reason()));
      audit.record("DRL_ROLLBACK", d.id(), Map.of("restoredFrom", in.version(), "ok", result.build().ok(), "version", String.valueOf(result.build().liveVersion())));
    } catch (RuleBases.UnknownVersion e) {
      throw notFound(e.getMessage());
    }
    if (!result.build().ok()) {
      throw refused("Version " + in.version() + " of the " + d.id() + " rules no longer builds: " + result.build().errors().get(0), List.of());
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new DrlRolledBack(Kind.DRL, d.id(), in.version(), result.build().liveVersion(), result.filesWritten()));
  }

  @GetMapping(value = "/api/processes/{processId}/versions/{version}/bpmn", produces = "application/xml")
  @Operation(summary = "The BPMN XML of a deployed version (what the console draws)")
  String bpmn(@org.springframework.web.bind.annotation.PathVariable String processId, @org.springframework.web.bind.annotation.PathVariable int version) {
    return bpmnContent(processId, version);
  }

  private String bpmnContent(String processId, int version) {
    return deployments.content(processId, version)
        .orElseThrow(() -> notFound("No content recorded for version " + version + " of process '" + processId + "' on this engine"));
  }

  private static List<String> lines(String text) {
    return text == null ? List.of() : List.of(text.split("\\R", -1));
  }

  private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Kind kind(String kind) {
    try {
      return Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw StrictJson.invalidField("kind", "is BPMN or DRL");
    }
  }

  private static RuleDomain ruleDomain(String id) {
    if (id == null) {
      throw StrictJson.invalidField("domain", "is required for rules");
    }
    return RuleDomain.byId(id).orElseThrow(() -> StrictJson.invalidField("domain", "is one of " + Stream.of(RuleDomain.values()).map(RuleDomain::id).toList()));
  }

  private static ErrorResponseException refused(String detail, List<Map<String, Object>> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, detail);
    problem.setTitle("Deployment refused");
    problem.setProperty("errors", errors);
    return new ErrorResponseException(HttpStatus.UNPROCESSABLE_ENTITY, problem, null);
  }

  private static ErrorResponseException notFound(String detail) {
    return new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail), null);
  }
}
