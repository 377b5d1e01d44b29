package dev.pulse.bench;

import dev.pulse.rules.CompiledRuleBase;
import dev.pulse.rules.RuleDomain;
import dev.pulse.rules.facts.Chatflow;
import dev.pulse.rules.facts.Chosen;
import dev.pulse.rules.facts.InboxState;
import dev.pulse.rules.facts.Now;
import dev.pulse.rules.facts.PageRule;
import dev.pulse.rules.facts.Visit;
import dev.pulse.rules.facts.VisitorHistory;
import dev.pulse.rules.facts.WebSurvey;
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

  public record Result(int chatflows, int webSurveys, int decisions, double p50Micros, double p99Micros, double maxMicros, int withChatflow, int withWebSurvey) {}

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

        | p50 | p99 | max |
        |---:|---:|---:|
        | %.0f µs | %.0f µs | %.0f µs |

        %d of %d visits got a chatflow, %d a web survey.
        """,
        r.chatflows(), r.webSurveys(), r.decisions(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        r.p50Micros(), r.p99Micros(), r.maxMicros(), r.withChatflow(), r.decisions(), r.withWebSurvey());
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
      site.add(new InboxState("inbox-" + i, STATES[random.nextInt(STATES.length)]));
    }
    for (int i = 0; i < chatflowCount; i++) {
      String id = "flow-" + i;
      Chatflow flow = new Chatflow();
      flow.setId(id);
      flow.setEnabled(random.nextInt(10) < 9);
      flow.setPriority(random.nextInt(500));
      flow.setInboxId("inbox-" + random.nextInt(10));
      flow.setHideOnMobile(random.nextBoolean());
      flow.setWhenOffline(random.nextBoolean() ? "HIDE_LAUNCHER" : "RETURN_TIME");
      flow.setAtCapacity(random.nextBoolean() ? "HIDE_LAUNCHER" : "WAITING_MESSAGE");
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
      s.setFrequency(FREQUENCIES[random.nextInt(FREQUENCIES.length)]);
      s.setFrequencyDays(7);
      s.setShowOnMobile(random.nextBoolean());
      s.setTriggerValue(10);
      site.add(s);
    }
    int warmup = Math.max(50, decisions / 4);
    long[] nanos = new long[decisions];
    int withChatflow = 0;
    int withWebSurvey = 0;
    for (int i = -warmup; i < decisions; i++) {
      Visit visit = new Visit();
      visit.setVisitorId("visitor-" + i);
      visit.setDevice(random.nextInt(4) == 0 ? "mobile" : "desktop");
      visit.setUrl("https://shop.example/" + SECTIONS[random.nextInt(SECTIONS.length)] + "/page-" + random.nextInt(50)
          + (random.nextBoolean() ? "?utm_source=campaign-" + random.nextInt(5) : ""));
      List<Object> facts = new ArrayList<>(site.size() + 8);
      facts.addAll(site);
      facts.add(visit);
      facts.add(new Now(now));
      for (int h = 0; h < 3; h++) {
        facts.add(new VisitorHistory(visit.getVisitorId(), "survey-" + random.nextInt(webSurveyCount), now.minusSeconds(86_400L * random.nextInt(14)), random.nextInt(5) == 0));
      }
      long t0 = System.nanoTime();
      CompiledRuleBase.Evaluation e = rules.evaluate(facts, true);
      long t1 = System.nanoTime();
      if (i >= 0) {
        nanos[i] = t1 - t0;
        List<Chosen> chosen = e.decisions(Chosen.class);
        withChatflow += chosen.stream().anyMatch(c -> c.getId().startsWith("flow-")) ? 1 : 0;
        withWebSurvey += chosen.stream().anyMatch(c -> c.getId().startsWith("web-survey:")) ? 1 : 0;
      }
    }
    Arrays.sort(nanos);
    return new Result(chatflowCount, webSurveyCount, decisions, nanos[(int) (decisions * 0.50)] / 1000.0,
        nanos[Math.min(decisions - 1, (int) (decisions * 0.99))] / 1000.0, nanos[decisions - 1] / 1000.0, withChatflow, withWebSurvey);
  }

  private TargetingRulesBenchmark() {}
}
