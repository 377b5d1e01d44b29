package dev.pulse.rules;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The live rule base of each domain. Built on start, rebuilt on a file change, a reload, a
 * rollback; swapped atomically, and only when the new build compiled: a broken edit leaves the
 * previous version serving and is reported (file, line, message) in {@link #lastBuild}. Every
 * version that goes live is recorded with the full text of its files.
 *
 * <p>On start, if the files on disk do not compile, the last version recorded in PostgreSQL
 * (what ran before the restart) serves instead.
 */
@Service
public class RuleBases implements InitializingBean {

  private static final Logger LOG = LoggerFactory.getLogger(RuleBases.class);

  /** A version that is serving. */
  public record Live(int version, CompiledRuleBase rules, Instant since, String trigger) {}

  /** How the last build of a domain went. */
  public record BuildReport(
      RuleDomain domain,
      boolean ok,
      boolean changed,
      Integer liveVersion,
      List<BuildError> errors,
      List<BuildError> warnings,
      long buildMillis,
      String trigger,
      Instant at,
      String scenarios) {}

  private final RuleSources sources;
  private final RuleVersionRepository versions;
  private final Map<RuleDomain, AtomicReference<Live>> live = new EnumMap<>(RuleDomain.class);
  private final Map<RuleDomain, BuildReport> lastBuild = new EnumMap<>(RuleDomain.class);

  private final Map<RuleDomain, Timer> evaluations = new EnumMap<>(RuleDomain.class);

  RuleBases(RuleProperties properties, RuleVersionRepository versions) {
    this(properties, versions, new SimpleMeterRegistry());
  }

  @Autowired
  RuleBases(RuleProperties properties, RuleVersionRepository versions, MeterRegistry meters) {
    this.sources = new RuleSources(properties.dir());
    this.versions = versions;
    for (RuleDomain domain : RuleDomain.values()) {
      live.put(domain, new AtomicReference<>());
      evaluations.put(domain, Timer.builder("pulse.rules.evaluations")
          .description("Decisions made by a rule domain's live version, and how long each took")
          .tag("domain", domain.id())
          .publishPercentileHistogram()
          .register(meters));
    }
  }

  @Override
  public void afterPropertiesSet() {
    for (RuleDomain domain : RuleDomain.values()) {
      List<RuleFile> files = sources.load(domain);
      if (versions.supersededThroughApi(domain, RuleFile.hashOf(files))) {
        // another replica (or this one, before a restart) changed the rules through the API: the
        // database is the source of truth, and this copy of the files is an old version
        Optional<RuleVersionRepository.Version> latest = versions.latest(domain);
        LOG.warn("The {} rules in {} are an older version, since replaced through the API; serving version {} from the database and writing it there",
            domain.id(), sources.describe(domain), latest.map(RuleVersionRepository.Version::version).orElse(null));
        if (latest.isPresent() && adopt(domain, latest.get(), "STARTUP_FROM_DATABASE")) {
          continue;
        }
      }
      BuildReport report = reload(domain, "STARTUP");
      if (!report.ok()) {
        restoreLastRecorded(domain);
      }
    }
  }

  /**
   * Makes a version another replica recorded live here too (within {@code pulse.rules.sync-interval}
   * of its recording): the newest recorded version of each domain is the live one everywhere.
   */
  public void sync() {
    for (Map.Entry<RuleDomain, Integer> latest : versions.latestNumbers().entrySet()) {
      Live current = live.get(latest.getKey()).get();
      if (current == null || latest.getValue() > current.version()) {
        synchronized (this) {
          Live now = live.get(latest.getKey()).get();
          if (now == null || latest.getValue() > now.version()) {
            versions.find(latest.getKey(), latest.getValue()).ifPresent(v -> adopt(latest.getKey(), v, "SYNC"));
          }
        }
      }
    }
  }

  /** Serves a recorded version (no new number) and writes its files to the folder; false when it no longer compiles. */
  private synchronized boolean adopt(RuleDomain domain, RuleVersionRepository.Version version, String trigger) {
    Live current = live.get(domain).get();
    RuleCompiler.Result result = current != null && current.rules().hash().equals(version.hash())
        ? null : RuleCompiler.compile(domain, version.ruleFiles());
    if (result != null && !result.ok()) {
      LOG.error("Version {} of the {} rules, recorded in the database, does not compile here: {}", version.version(), domain.id(), result.errors());
      return false;
    }
    CompiledRuleBase rules = result == null ? current.rules() : result.ruleBase();
    live.get(domain).set(new Live(version.version(), rules, Instant.now(), trigger));
    lastBuild.put(domain, new BuildReport(domain, true, result != null, version.version(), List.of(), result == null ? List.of() : result.warnings(),
        rules.buildMillis(), trigger, Instant.now(), null));
    sources.write(domain, version.ruleFiles());
    LOG.info("The {} rules are live as version {} ({}), as recorded in the database", domain.id(), version.version(), trigger);
    return true;
  }

  private void restoreLastRecorded(RuleDomain domain) {
    Optional<RuleVersionRepository.Version> last = versions.latest(domain);
    if (last.isEmpty()) {
      LOG.error("The {} rules do not compile and no earlier version is recorded: {} evaluations will fail until the files are fixed", domain.id(), domain.id());
      return;
    }
    RuleCompiler.Result result = RuleCompiler.compile(domain, last.get().ruleFiles());
    if (result.ok()) {
      live.get(domain).set(new Live(last.get().version(), result.ruleBase(), Instant.now(), "STARTUP_FALLBACK"));
      LOG.warn("The {} rules on disk do not compile; serving the last recorded version {} instead", domain.id(), last.get().version());
    }
  }

  /** Rebuilds a domain from its files; the live version changes only if the build compiled and passed its scenarios. */
  public BuildReport reload(RuleDomain domain, String trigger) {
    return reload(domain, trigger, null);
  }

  /** As {@link #reload(RuleDomain, String)}; a non-null {@code overrideReason} lets failing scenarios through (audited by the caller). */
  public BuildReport reload(RuleDomain domain, String trigger, String overrideReason) {
    return deploy(domain, sources.load(domain), trigger, null, overrideReason);
  }

  public BuildReport deploy(RuleDomain domain, List<RuleFile> files, String trigger, String by) {
    return deploy(domain, files, trigger, by, null);
  }

  /**
   * Builds these files as the domain's new version. Compiles first, then runs the domain's
   * scenario files ({@code tests/<domain>/}) against the candidate: a compile error or a failing
   * scenario changes nothing (each failing scenario is an error naming its file, the scenario and
   * what was decided by which rule), unless {@code overrideReason} is given for an emergency, when
   * the failures become warnings. Identical content keeps the live version (no new version number).
   */
  public synchronized BuildReport deploy(RuleDomain domain, List<RuleFile> files, String trigger, String by, String overrideReason) {
    RuleCompiler.Result result = RuleCompiler.compile(domain, files);
    Live current = live.get(domain).get();
    BuildReport report;
    Gate gate = result.ok() && (current == null || !current.rules().hash().equals(result.ruleBase().hash())) ? gate(domain, result.ruleBase()) : Gate.NONE;
    if (result.ok() && !gate.failures().isEmpty() && overrideReason == null) {
      report = new BuildReport(domain, false, false, current == null ? null : current.version(), gate.failures(), result.warnings(), 0, trigger, Instant.now(),
          gate.summary());
      LOG.error("The {} rules compiled but failed {} ({}); {}: {}", domain.id(), gate.summary(), trigger,
          current == null ? "no version is serving" : "version " + current.version() + " keeps serving", gate.failures());
    } else if (!result.ok()) {
      report = new BuildReport(domain, false, false, current == null ? null : current.version(), result.errors(), result.warnings(), 0, trigger, Instant.now(), null);
      LOG.error(
          "The {} rules did not build ({}); {}: {}",
          domain.id(),
          trigger,
          current == null ? "no version is serving" : "version " + current.version() + " keeps serving",
          result.errors());
    } else {
      CompiledRuleBase rules = result.ruleBase();
      List<BuildError> warnings = new java.util.ArrayList<>(result.warnings());
      warnings.addAll(gate.failures()); // only when overridden
      String scenarios = gate.failures().isEmpty() ? gate.summary() : gate.summary() + ", overridden: " + overrideReason;
      if (current != null && current.rules().hash().equals(rules.hash())) {
        report = new BuildReport(domain, true, false, current.version(), List.of(), result.warnings(), rules.buildMillis(), trigger, Instant.now(), null);
      } else {
        Optional<RuleVersionRepository.Version> latest = versions.latest(domain);
        int version =
            latest.isPresent() && latest.get().hash().equals(rules.hash())
                ? latest.get().version()
                : versions.record(rules, trigger, by);
        live.get(domain).set(new Live(version, rules, Instant.now(), trigger));
        report = new BuildReport(domain, true, true, version, List.of(), List.copyOf(warnings), rules.buildMillis(), trigger, Instant.now(), scenarios);
        LOG.info("The {} rules are live as version {} ({} rules, built in {} ms, {})", domain.id(), version, rules.ruleNames().size(), rules.buildMillis(), trigger);
      }
    }
    lastBuild.put(domain, report);
    return report;
  }

  /**
   * Deploys one file into the domain, replacing the live file of that name (the other files stay):
   * compiled first, nothing changes on an error. On success the folder gets the file too, so that
   * disk and the live version agree.
   */
  /**
   * The reason for letting failing scenarios through, when the caller asks to; null otherwise. An
   * override without a reason is refused: the audit log must say why.
   */
  public static String overrideReason(Boolean override, String reason) {
    if (!Boolean.TRUE.equals(override)) {
      return null;
    }
    if (reason == null || reason.isBlank()) {
      throw dev.pulse.platform.web.StrictJson.invalidField("reason", "is required with override=true: say why failing scenarios may go live (it is audited)");
    }
    if (reason.length() > 500) {
      throw dev.pulse.platform.web.StrictJson.invalidField("reason", "is at most 500 characters");
    }
    return reason.strip();
  }

  /** What the scenario files said of a candidate. */
  public record Gate(String summary, List<BuildError> failures) {
    static final Gate NONE = new Gate(null, List.of());
  }

  /** Runs every scenario file of the domain against a candidate rule base. */
  public Gate gate(RuleDomain domain, CompiledRuleBase candidate) {
    List<BuildError> failures = new java.util.ArrayList<>();
    int total = 0;
    for (Map.Entry<String, String> file : sources.scenarios(domain).entrySet()) {
      String name = "tests/" + file.getKey();
      List<Scenarios.Case> cases;
      try {
        cases = Scenarios.parse(domain, name, file.getValue());
      } catch (Scenarios.InvalidScenario e) {
        failures.add(new BuildError(name, 0, "the scenario file is not valid: " + e.getMessage()));
        continue;
      }
      for (Scenarios.Case scenario : cases) {
        total++;
        Scenarios.Outcome outcome = Scenarios.run(candidate, scenario);
        if (!outcome.passed()) {
          failures.add(new BuildError(name, 0, "scenario \"" + scenario.name() + "\" failed: " + String.join("; ", outcome.failures())
              + (outcome.decisions().isEmpty() ? "" : "; decided: " + outcome.decisions())));
        }
      }
    }
    return new Gate((total - failures.size()) + " of " + total + " scenarios passed", List.copyOf(failures));
  }

  public BuildReport deployFile(RuleDomain domain, RuleFile file, String trigger, String by) {
    return deployFile(domain, file, trigger, by, null);
  }

  public synchronized BuildReport deployFile(RuleDomain domain, RuleFile file, String trigger, String by, String overrideReason) {
    Map<String, RuleFile> files = new LinkedHashMap<>();
    Live current = live.get(domain).get();
    (current != null ? current.rules().files() : sources.load(domain)).forEach(f -> files.put(f.name(), f));
    files.put(file.name(), file);
    List<RuleFile> merged = List.copyOf(files.values());
    BuildReport report = deploy(domain, merged, trigger, by, overrideReason);
    if (report.ok()) {
      sources.write(domain, merged);
    }
    return report;
  }

  /** A recorded version, as the deployments list shows it. */
  public record VersionSummary(RuleDomain domain, int version, String hash, String trigger, String createdBy, Instant createdAt, boolean live, List<String> files) {}

  public List<VersionSummary> versions(RuleDomain domain) {
    Integer liveVersion = live(domain).map(Live::version).orElse(null);
    return history(domain).stream()
        .map(v -> new VersionSummary(domain, v.version(), v.hash(), v.trigger(), v.createdBy(), v.createdAt(), liveVersion != null && liveVersion == v.version(),
            v.files().stream().map(RuleVersionRepository.StoredFile::name).toList()))
        .toList();
  }

  /** The files of a recorded version, by name. */
  public Optional<Map<String, String>> filesOf(RuleDomain domain, int version) {
    return version(domain, version).map(v -> {
      Map<String, String> files = new LinkedHashMap<>();
      v.files().forEach(f -> files.put(f.name(), f.text()));
      return files;
    });
  }

  /** Compiles without deploying: these files replace the live files of the same name. */
  public RuleCompiler.Result validate(RuleDomain domain, List<RuleFile> changed) {
    Map<String, RuleFile> files = new LinkedHashMap<>();
    Live current = live.get(domain).get();
    if (current != null) {
      current.rules().files().forEach(f -> files.put(f.name(), f));
    }
    changed.forEach(f -> files.put(f.name(), f));
    return RuleCompiler.compile(domain, List.copyOf(files.values()));
  }

  /** Makes an earlier version live again, and writes its files back to the folder when there is one. */
  public RollbackResult rollback(RuleDomain domain, int version, String by) {
    return rollback(domain, version, by, null);
  }

  public synchronized RollbackResult rollback(RuleDomain domain, int version, String by, String overrideReason) {
    RuleVersionRepository.Version target =
        versions.find(domain, version).orElseThrow(() -> new UnknownVersion(domain, version));
    BuildReport report = deploy(domain, target.ruleFiles(), "ROLLBACK", by, overrideReason);
    boolean written = report.ok() && sources.write(domain, target.ruleFiles());
    return new RollbackResult(version, report, written);
  }

  public record RollbackResult(int restoredFrom, BuildReport build, boolean filesWritten) {}

  /** Evaluates with the live version; fails when the domain has none. */
  public Evaluated evaluate(RuleDomain domain, Collection<?> facts) {
    Live current = live(domain).orElseThrow(() -> new NoLiveVersion(domain, lastBuild.get(domain)));
    long start = System.nanoTime();
    try {
      return new Evaluated(current.version(), current.rules().evaluate(facts));
    } catch (RuleFailure e) {
      failed(current.version(), e);
      throw e;
    } finally {
      evaluations.get(domain).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  public record Evaluated(int version, CompiledRuleBase.Evaluation evaluation) {}

  /** A rule of the live version that failed while deciding: how often since that version went live, and the last reason. */
  public record Failing(String rule, String file, int line, int version, long count, Instant first, Instant last, String lastMessage) {}

  private final Map<RuleDomain, Map<String, Failing>> failing = new java.util.concurrent.ConcurrentHashMap<>();

  private void failed(int version, RuleFailure e) {
    Map<String, Failing> byRule = failing.computeIfAbsent(e.domain(), d -> new java.util.concurrent.ConcurrentHashMap<>());
    Instant now = Instant.now();
    Failing before = byRule.get(String.valueOf(e.rule()));
    if (before == null || before.version() != version) {
      LOG.error("{} (version {}); the caller is told, and it is listed in /api/rules", e.getMessage(), version, e.origin());
    }
    byRule.merge(String.valueOf(e.rule()), new Failing(e.rule(), e.file(), e.line(), version, 1, now, now, e.getMessage()),
        (a, b) -> a.version() != b.version() ? b : new Failing(a.rule(), a.file(), a.line(), a.version(), a.count() + 1, a.first(), b.last(), b.lastMessage()));
  }

  /** The rules of the live version that failed while deciding, most often first; a new version starts clean. */
  public List<Failing> failing(RuleDomain domain) {
    Integer version = live(domain).map(Live::version).orElse(null);
    return failing.getOrDefault(domain, Map.of()).values().stream()
        .filter(f -> version != null && f.version() == version)
        .sorted(java.util.Comparator.comparingLong(Failing::count).reversed())
        .toList();
  }

  public Optional<Live> live(RuleDomain domain) {
    return Optional.ofNullable(live.get(domain).get());
  }

  public Optional<BuildReport> lastBuild(RuleDomain domain) {
    return Optional.ofNullable(lastBuild.get(domain));
  }

  public List<RuleVersionRepository.Version> history(RuleDomain domain) {
    return versions.history(domain);
  }

  public Optional<RuleVersionRepository.Version> version(RuleDomain domain, int version) {
    return versions.find(domain, version);
  }

  RuleSources sources() {
    return sources;
  }

  /** No version of a domain compiled yet. */
  public static final class NoLiveVersion extends IllegalStateException {
    public NoLiveVersion(RuleDomain domain, BuildReport last) {
      super("The " + domain.id() + " rules have no working version" + (last == null ? "" : ": " + last.errors()));
    }
  }

  public static final class UnknownVersion extends IllegalArgumentException {
    UnknownVersion(RuleDomain domain, int version) {
      super("The " + domain.id() + " rules have no version " + version);
    }
  }
}
