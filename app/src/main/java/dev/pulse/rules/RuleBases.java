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
      Instant at) {}

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
      BuildReport report = reload(domain, "STARTUP");
      if (!report.ok()) {
        restoreLastRecorded(domain);
      }
    }
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

  /** Rebuilds a domain from its files; the live version changes only if the build compiled. */
  public BuildReport reload(RuleDomain domain, String trigger) {
    return deploy(domain, sources.load(domain), trigger, null);
  }

  /**
   * Builds these files as the domain's new version. Compiles first; on any error nothing
   * changes. Identical content keeps the live version (no new version number).
   */
  public synchronized BuildReport deploy(RuleDomain domain, List<RuleFile> files, String trigger, String by) {
    RuleCompiler.Result result = RuleCompiler.compile(domain, files);
    Live current = live.get(domain).get();
    BuildReport report;
    if (!result.ok()) {
      report = new BuildReport(domain, false, false, current == null ? null : current.version(), result.errors(), result.warnings(), 0, trigger, Instant.now());
      LOG.error(
          "The {} rules did not build ({}); {}: {}",
          domain.id(),
          trigger,
          current == null ? "no version is serving" : "version " + current.version() + " keeps serving",
          result.errors());
    } else {
      CompiledRuleBase rules = result.ruleBase();
      if (current != null && current.rules().hash().equals(rules.hash())) {
        report = new BuildReport(domain, true, false, current.version(), List.of(), result.warnings(), rules.buildMillis(), trigger, Instant.now());
      } else {
        Optional<RuleVersionRepository.Version> latest = versions.latest(domain);
        int version =
            latest.isPresent() && latest.get().hash().equals(rules.hash())
                ? latest.get().version()
                : versions.record(rules, trigger, by);
        live.get(domain).set(new Live(version, rules, Instant.now(), trigger));
        report = new BuildReport(domain, true, true, version, List.of(), result.warnings(), rules.buildMillis(), trigger, Instant.now());
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
  public synchronized BuildReport deployFile(RuleDomain domain, RuleFile file, String trigger, String by) {
    Map<String, RuleFile> files = new LinkedHashMap<>();
    Live current = live.get(domain).get();
    (current != null ? current.rules().files() : sources.load(domain)).forEach(f -> files.put(f.name(), f));
    files.put(file.name(), file);
    List<RuleFile> merged = List.copyOf(files.values());
    BuildReport report = deploy(domain, merged, trigger, by);
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
  public synchronized RollbackResult rollback(RuleDomain domain, int version, String by) {
    RuleVersionRepository.Version target =
        versions.find(domain, version).orElseThrow(() -> new UnknownVersion(domain, version));
    BuildReport report = deploy(domain, target.ruleFiles(), "ROLLBACK", by);
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
    } finally {
      evaluations.get(domain).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  public record Evaluated(int version, CompiledRuleBase.Evaluation evaluation) {}

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
    NoLiveVersion(RuleDomain domain, BuildReport last) {
      super("The " + domain.id() + " rules have no working version" + (last == null ? "" : ": " + last.errors()));
    }
  }

  public static final class UnknownVersion extends IllegalArgumentException {
    UnknownVersion(RuleDomain domain, int version) {
      super("The " + domain.id() + " rules have no version " + version);
    }
  }
}
