package dev.pulse.bench;

import dev.pulse.rules.facts.Device;
import dev.pulse.surveys.facts.Frequency;
import dev.pulse.chatflows.facts.AtCapacity;
import dev.pulse.chatflows.facts.WhenOffline;
import dev.pulse.conversations.facts.InboxStatus;
import dev.pulse.rules.CompiledRuleBase;
import dev.pulse.rules.RuleDomain;
import dev.pulse.chatflows.facts.Chatflow;
import dev.pulse.rules.facts.Chosen;
import dev.pulse.conversations.facts.InboxState;
import dev.pulse.rules.facts.Now;
import dev.pulse.chatflows.facts.PageRule;
import dev.pulse.rules.facts.Visit;
import dev.pulse.surveys.facts.VisitorHistory;
import dev.pulse.surveys.facts.WebSurvey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One targeting decision by the shipped rules/targeting, as the widget's call makes it: 200
 * chatflows (each with two page-rule groups and an exclusion, spread over 10 inboxes with their
 * availability) and 50 web surveys (pages, exclusions, frequencies, some history for the
 * visitor), for a visit to a random page. Latency per decision with the trace, p50 and p99 after
 * a warm-up. Run: {@code ./mvnw -pl app test-compile exec:exec@targeting-bench}.
 */
public final class TargetingRulesBenchmark {

  public record Result(
      int chatflows, int webSurveys, int decisions, double p50Micros, double p99Micros, double maxMicros, int withChatflow, int withWebSurvey,
      double baselineP50Micros, double baselineP99Micros, int agreed, long bytesPerDecision, long baselineBytesPerDecision) {

    double p50Ratio() {
      return p50Micros / baselineP50Micros;
    }

    double p99Ratio() {
      return p99Micros / baselineP99Micros;
    }
  }

  private static final String[] SECTIONS = {"pricing", "help", "blog", "docs", "shop", "account", "careers", "about"};
  private static final String[] STATES = {"available", "available", "away", "at_capacity", "offline"};
  private static final String[] FREQUENCIES = {"NEVER_AGAIN", "AFTER_DAYS", "ALWAYS"};

  public static void main(String[] args) throws Exception {
    int chatflows = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int webSurveys = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int decisions = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    Path rules = Path.of(System.getProperty("pulse.repo.dir", ".")).resolve("rules/targeting");
    Result r = run(rules, chatflows, webSurveys, decisions);
    String report = String.format(Locale.ROOT,
        """
        # Targeting rules benchmark

        One decision by the shipped rules/targeting with %d chatflows (two page-rule groups and an \\
        exclusion each, 10 inboxes) and %d web surveys, %,d decisions with the trace after a warm-up, \\
        JVM %s, %d cores.

        | | p50 | p99 | max | allocated per decision |
        |---|---:|---:|---:|---:|
        | rules (Drools, with trace) | %.0f µs | %.0f µs | %.0f µs | %,d B |
        | baseline (hand-written Java) | %.1f µs | %.1f µs | | %,d B |
        | ratio rules / baseline | %.1f× | %.1f× | | |

        %d of %d visits got a chatflow, %d a web survey; rules and baseline chose the same in %d of %d.
        """,
        r.chatflows(), r.webSurveys(), r.decisions(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        r.p50Micros(), r.p99Micros(), r.maxMicros(), r.bytesPerDecision(), r.baselineP50Micros(), r.baselineP99Micros(), r.baselineBytesPerDecision(),
        r.p50Ratio(), r.p99Ratio(), r.withChatflow(), r.decisions(), r.withWebSurvey(), r.agreed(), r.decisions());
    System.out.println(report);
    Path out = Path.of("target", "benchmarks", "targeting-rules.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  public static Result run(Path rulesDir, int chatflowCount, int webSurveyCount, int decisions) throws Exception {
    CompiledRuleBase rules = RecipientRulesBenchmark.compile(RuleDomain.TARGETING, RecipientRulesBenchmark.load(rulesDir));
    Random random = new Random(11);
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    List<Object> site = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      site.add(new InboxState("inbox-" + i, InboxStatus.of(STATES[random.nextInt(STATES.length)])));
    }
    for (int i = 0; i < chatflowCount; i++) {
      String id = "flow-" + i;
      Chatflow flow = new Chatflow();
      flow.setId(id);
      flow.setEnabled(random.nextInt(10) < 9);
      flow.setPriority(random.nextInt(500));
      flow.setInboxId("inbox-" + random.nextInt(10));
      flow.setHideOnMobile(random.nextBoolean());
      flow.setWhenOffline(random.nextBoolean() ? WhenOffline.HIDE_LAUNCHER : WhenOffline.RETURN_TIME);
      flow.setAtCapacity(random.nextBoolean() ? AtCapacity.HIDE_LAUNCHER : AtCapacity.WAITING_MESSAGE);
      site.add(flow);
      String section = SECTIONS[random.nextInt(SECTIONS.length)];
      site.add(new PageRule(id, 0, false, PageRule.Operator.STARTS_WITH, "/" + section, null));
      site.add(new PageRule(id, 0, false, PageRule.Operator.IS, "campaign-" + random.nextInt(5), "utm_source"));
      site.add(new PageRule(id, 1, false, PageRule.Operator.MATCHES, "shop.example/" + SECTIONS[random.nextInt(SECTIONS.length)] + "/*", null));
      site.add(new PageRule(id, -1, true, PageRule.Operator.CONTAINS, "/checkout", null));
    }
    for (int i = 0; i < webSurveyCount; i++) {
      WebSurvey s = new WebSurvey();
      s.setSurveyId("survey-" + i);
      s.setPriority(random.nextInt(100));
      s.setPages(List.of("shop.example/" + SECTIONS[random.nextInt(SECTIONS.length)] + "/*"));
      s.setExcludedPages(List.of("shop.example/account/*"));
      s.setFrequency(Frequency.of(FREQUENCIES[random.nextInt(FREQUENCIES.length)]));
      s.setFrequencyDays(7);
      s.setShowOnMobile(random.nextBoolean());
      s.setTriggerValue(10);
      site.add(s);
    }
    int warmup = Math.max(50, decisions); // as many as measured: the JIT and the heap settle first
    long[] nanos = new long[decisions];
    long[] baselineNanos = new long[decisions];
    long bytes = 0;
    long baselineBytes = 0;
    int withChatflow = 0;
    int withWebSurvey = 0;
    int agreed = 0;
    HandWritten baseline = new HandWritten(site);
    for (int i = -warmup; i < decisions; i++) {
      Visit visit = new Visit();
      visit.setVisitorId("visitor-" + i);
      visit.setDevice(random.nextInt(4) == 0 ? Device.MOBILE : Device.DESKTOP);
      visit.setUrl("https://shop.example/" + SECTIONS[random.nextInt(SECTIONS.length)] + "/page-" + random.nextInt(50)
          + (random.nextBoolean() ? "?utm_source=campaign-" + random.nextInt(5) : ""));
      List<Object> facts = new ArrayList<>(site.size() + 8);
      facts.addAll(site);
      facts.add(visit);
      facts.add(new Now(now));
      for (int h = 0; h < 3; h++) {
        facts.add(new VisitorHistory(visit.getVisitorId(), "survey-" + random.nextInt(webSurveyCount), now.minusSeconds(86_400L * random.nextInt(14)), random.nextInt(5) == 0));
      }
      List<VisitorHistory> history = facts.stream().filter(VisitorHistory.class::isInstance).map(VisitorHistory.class::cast).toList();
      long a0 = allocated();
      long t0 = System.nanoTime();
      CompiledRuleBase.Evaluation e = rules.evaluate(facts, true);
      long t1 = System.nanoTime();
      long a1 = allocated();
      List<String> expected = baseline.decide(visit, history, now);
      long t2 = System.nanoTime();
      long a2 = allocated();
      if (i >= 0) {
        nanos[i] = t1 - t0;
        baselineNanos[i] = t2 - t1;
        bytes += a1 - a0;
        baselineBytes += a2 - a1;
        List<Chosen> chosen = e.decisions(Chosen.class);
        withChatflow += chosen.stream().anyMatch(c -> c.getId().startsWith("flow-")) ? 1 : 0;
        withWebSurvey += chosen.stream().anyMatch(c -> c.getId().startsWith("web-survey:")) ? 1 : 0;
        agreed += chosen.stream().map(Chosen::getId).sorted().toList().equals(expected) ? 1 : 0;
      }
    }
    Arrays.sort(nanos);
    Arrays.sort(baselineNanos);
    return new Result(chatflowCount, webSurveyCount, decisions, percentile(nanos, 0.50), percentile(nanos, 0.99), nanos[decisions - 1] / 1000.0,
        withChatflow, withWebSurvey, percentile(baselineNanos, 0.50), percentile(baselineNanos, 0.99), agreed, bytes / decisions, baselineBytes / decisions);
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1000.0;
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  /**
   * The same decision written by hand, as a team without a rule engine would: the baseline the
   * rules are measured against, and a cross-check of what they choose.
   */
  static final class HandWritten {

    private final List<Chatflow> flows = new ArrayList<>();
    private final java.util.Map<String, List<PageRule>> pageRules = new java.util.HashMap<>();
    private final java.util.Map<String, String> inboxStates = new java.util.HashMap<>();
    private final List<WebSurvey> surveys = new ArrayList<>();

    HandWritten(List<Object> site) {
      for (Object fact : site) {
        switch (fact) {
          case Chatflow c -> flows.add(c);
          case PageRule r -> pageRules.computeIfAbsent(r.getFlowId(), k -> new ArrayList<>()).add(r);
          case InboxState s -> inboxStates.put(s.getInboxId(), s.getState().value());
          case WebSurvey w -> surveys.add(w);
          default -> {}
        }
      }
    }

    /** The chosen chatflow id and web-survey key, sorted. */
    List<String> decide(Visit visit, List<VisitorHistory> history, Instant now) {
      boolean mobile = visit.getDevice() == Device.MOBILE;
      Chatflow best = null;
      for (Chatflow f : flows) {
        if (!f.isEnabled() || (mobile && f.isHideOnMobile())) {
          continue;
        }
        String state = inboxStates.get(f.getInboxId());
        if (("offline".equals(state) && f.getWhenOffline() == WhenOffline.HIDE_LAUNCHER) || ("at_capacity".equals(state) && f.getAtCapacity() == AtCapacity.HIDE_LAUNCHER)) {
          continue;
        }
        List<PageRule> rules = pageRules.getOrDefault(f.getId(), List.of());
        if (rules.stream().anyMatch(r -> r.isExclusion() && r.holdsFor(visit))) {
          continue;
        }
        java.util.Map<Integer, Boolean> groups = new java.util.HashMap<>();
        for (PageRule r : rules) {
          if (!r.isExclusion()) {
            groups.merge(r.getGroup(), r.holdsFor(visit), Boolean::logicalAnd);
          }
        }
        boolean onPage = groups.isEmpty() ? f.showsOn(visit.getUrl()) : groups.containsValue(true);
        if (onPage && (best == null || f.getPriority() < best.getPriority() || (f.getPriority() == best.getPriority() && f.getId().compareTo(best.getId()) < 0))) {
          best = f;
        }
      }
      WebSurvey chosen = null;
      for (WebSurvey w : surveys) {
        if ((mobile && !w.isShowOnMobile()) || w.excludedOn(visit.getUrl()) || !w.showsOn(visit.getUrl())) {
          continue;
        }
        boolean hidden = false;
        for (VisitorHistory h : history) {
          if (!h.getSurveyId().equals(w.getSurveyId())) {
            continue;
          }
          hidden |= h.isAnswered()
              || (w.getFrequency() == Frequency.NEVER_AGAIN && h.getLastShownAt() != null)
              || (w.getFrequency() == Frequency.AFTER_DAYS && h.shownSince(now.minus(java.time.Duration.ofDays(w.getFrequencyDays()))));
        }
        if (!hidden && (chosen == null || w.getPriority() < chosen.getPriority() || (w.getPriority() == chosen.getPriority() && w.getKey().compareTo(chosen.getKey()) < 0))) {
          chosen = w;
        }
      }
      List<String> out = new ArrayList<>();
      if (best != null) {
        out.add(best.getId());
      }
      if (chosen != null) {
        out.add(chosen.getKey());
      }
      return out.stream().sorted().toList();
    }
  }

  private TargetingRulesBenchmark() {}
}
