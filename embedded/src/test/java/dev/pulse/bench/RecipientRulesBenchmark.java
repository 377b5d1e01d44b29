package dev.pulse.bench;

import dev.pulse.rules.CompiledRuleBase;
import dev.pulse.rules.RuleCompiler;
import dev.pulse.rules.RuleDomain;
import dev.pulse.rules.RuleFile;
import dev.pulse.surveys.facts.Audience;
import dev.pulse.surveys.facts.DeliveryChannel;
import dev.pulse.surveys.facts.Eligible;
import dev.pulse.rules.facts.Filter;
import dev.pulse.rules.facts.Filter.Operator;
import dev.pulse.rules.facts.FilterGroup;
import dev.pulse.rules.facts.Now;
import dev.pulse.surveys.facts.SurveyType;
import dev.pulse.rules.facts.Recipient;
import dev.pulse.surveys.facts.SendHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Recipient criteria at scale: N synthetic contacts against 10 survey audiences, decided by the
 * shipped recipients rules (Drools) and by a hand-written Java predicate of the same criteria, on
 * the same data in the same run. Both must agree on every count; the report gives contacts/s for
 * each and their ratio, and the reload (compile) time of a 100-rule domain.
 *
 * <p>Run: {@code ./mvnw -pl app test-compile exec:exec@rules-bench} (see README); arguments:
 * contacts (default 1,000,000), rounds (default 3), batch size (default 1000).
 */
public final class RecipientRulesBenchmark {

  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final String[] COUNTRIES = {"germany", "france", "spain", "italy", "usa", "canada", "japan", "brazil", "india", "uk"};
  private static final String[] PLANS = {"free", "starter", "pro", "enterprise"};
  private static final String[] STAGES = {"lead", "customer", "customer", "customer", "opportunity", "evangelist"};
  private static final String[] DEAL_STAGES = {"appointmentscheduled", "contractsent", "closedwon", "closedlost"};

  public record Data(List<Recipient> recipients, Map<String, List<SendHistory>> history) {}

  public record Result(
      int contacts,
      int audiences,
      long droolsEligible,
      long javaEligible,
      double droolsPerSecond,
      double javaPerSecond,
      long reload100ColdMs,
      long reload100WarmMs) {

    double ratio() {
      return droolsPerSecond / javaPerSecond;
    }
  }

  public static void main(String[] args) throws Exception {
    int contacts = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    Path rulesDir = Path.of(System.getProperty("pulse.repo.dir", ".")).resolve("rules/recipients");
    Result result = run(rulesDir, contacts, rounds, batch, System.out);
    String report = report(result, rounds, batch);
    System.out.println(report);
    Path out = Path.of("target", "benchmarks", "recipient-rules.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println("written to " + out.toAbsolutePath());
  }

  public static Result run(Path rulesDir, int contacts, int rounds, int batch, java.io.PrintStream log) throws IOException {
    CompiledRuleBase rules = compile(RuleDomain.RECIPIENTS, load(rulesDir));
    Data data = generate(contacts, 42);
    List<Audience> audiences = audiences();
    log.printf(Locale.ROOT, "%,d contacts x %d audiences, batches of %d, %d rounds%n", contacts, audiences.size(), batch, rounds);

    // warm-up on a slice, then measured rounds alternating the two, side by side
    Data warm = new Data(data.recipients().subList(0, Math.min(contacts, 50_000)), data.history());
    drools(rules, audiences, warm, batch);
    java(audiences, warm);
    double[] droolsRates = new double[rounds];
    double[] javaRates = new double[rounds];
    long droolsEligible = 0;
    long javaEligible = 0;
    long decisions = (long) contacts * audiences.size();
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      droolsEligible = drools(rules, audiences, data, batch);
      long t1 = System.nanoTime();
      javaEligible = java(audiences, data);
      long t2 = System.nanoTime();
      droolsRates[r] = decisions / ((t1 - t0) / 1e9);
      javaRates[r] = decisions / ((t2 - t1) / 1e9);
      log.printf(Locale.ROOT, "round %d: drools %,.0f contacts/s, java %,.0f contacts/s%n", r + 1, droolsRates[r], javaRates[r]);
    }
    if (droolsEligible != javaEligible) {
      throw new IllegalStateException("Drools and Java disagree: " + droolsEligible + " vs " + javaEligible + " eligible");
    }
    List<RuleFile> hundred = List.of(new RuleFile("generated.drl", hundredRules()));
    long cold = timeCompile(hundred);
    long[] warmTimes = new long[5];
    for (int i = 0; i < warmTimes.length; i++) {
      warmTimes[i] = timeCompile(hundred);
    }
    return new Result(contacts, audiences.size(), droolsEligible, javaEligible, median(droolsRates), median(javaRates), cold, median(warmTimes));
  }

  /** The shipped rules: facts per batch, one session per batch and audience. */
  static long drools(CompiledRuleBase rules, List<Audience> audiences, Data data, int batch) {
    long eligible = 0;
    List<Recipient> all = data.recipients();
    Now now = new Now(NOW);
    for (Audience audience : audiences) {
      for (int from = 0; from < all.size(); from += batch) {
        List<Recipient> slice = all.subList(from, Math.min(all.size(), from + batch));
        List<Object> facts = new ArrayList<>(slice.size() + 16);
        facts.add(audience);
        facts.add(now);
        for (Recipient r : slice) {
          facts.add(r);
          List<SendHistory> h = data.history().get(r.getContactId());
          if (h != null) {
            facts.addAll(h);
          }
        }
        eligible += rules.evaluate(facts, false).decisions(Eligible.class).size();
      }
    }
    return eligible;
  }

  /** The same criteria, hand-written. */
  static long java(List<Audience> audiences, Data data) {
    long eligible = 0;
    Now now = new Now(NOW);
    for (Audience audience : audiences) {
      for (Recipient r : data.recipients()) {
        if (eligible(audience, r, data.history().getOrDefault(r.getContactId(), List.of()), now)) {
          eligible++;
        }
      }
    }
    return eligible;
  }

  static boolean eligible(Audience a, Recipient r, List<SendHistory> history, Now now) {
    boolean inAudience;
    if (a.isUsesDefaultAudience()) {
      inAudience = r.getBecameCustomerAt() != null && r.getBecameCustomerAt().isBefore(now.daysAgo(30));
    } else {
      inAudience = !a.getListIds().isEmpty() && r.inAnyList(a.getListIds());
      for (FilterGroup g : a.getFilterGroups()) {
        inAudience |= g.matches(r, now);
      }
    }
    if (!inAudience || r.isUnsubscribed() || Boolean.FALSE.equals(r.getConsentToCommunicate())) {
      return false;
    }
    if (!a.isIncludeExisting() && r.isMatchedBeforePublish()) {
      return false;
    }
    int cooldown = a.getCooldownDays();
    for (SendHistory h : history) {
      if (!a.isResendToResponders() && a.getSurveyId().equals(h.getSurveyId()) && h.getAnsweredAt() != null) {
        return false;
      }
      if (cooldown > 0 && h.getSentAt() != null && h.getSentAt().isAfter(now.daysAgo(cooldown))) {
        return false;
      }
    }
    return true;
  }

  public static Data generate(int contacts, long seed) {
    Random random = new Random(seed);
    List<Recipient> recipients = new ArrayList<>(contacts);
    Map<String, List<SendHistory>> history = new HashMap<>();
    for (int i = 0; i < contacts; i++) {
      Recipient r = new Recipient("c" + i);
      r.setLifecycleStage(STAGES[random.nextInt(STAGES.length)]);
      if ("customer".equals(r.getLifecycleStage()) || random.nextInt(4) == 0) {
        r.setBecameCustomerAt(NOW.minus(Duration.ofDays(random.nextInt(730))));
      }
      r.setUnsubscribed(random.nextInt(100) < 3);
      if (random.nextInt(100) < 2) {
        r.setConsentToCommunicate(false);
      }
      r.setMatchedBeforePublish(random.nextInt(100) < 40);
      r.setListIds(new java.util.HashSet<>(List.of("list-" + random.nextInt(20), "list-" + random.nextInt(20))));
      r.getContact().put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
      r.getContact().put("plan", PLANS[random.nextInt(PLANS.length)]);
      r.getContact().put("email", "user" + i + (random.nextBoolean() ? "@acme.com" : "@mail.example"));
      if (random.nextInt(3) > 0) {
        r.getContact().put("lastOrderAt", NOW.minus(Duration.ofDays(random.nextInt(120))).toString());
      }
      r.getCompany().put("employees", random.nextInt(2000));
      Map<String, Object> deal = new HashMap<>();
      deal.put("amount", random.nextInt(20_000));
      deal.put("stage", DEAL_STAGES[random.nextInt(DEAL_STAGES.length)]);
      r.setDeal(deal);
      recipients.add(r);
      if (random.nextInt(10) == 0) {
        String survey = "s" + random.nextInt(10);
        Instant sent = NOW.minus(Duration.ofDays(random.nextInt(120)));
        history.put(r.getContactId(), List.of(new SendHistory(r.getContactId(), survey, sent, random.nextBoolean() ? sent.plusSeconds(3600) : null)));
      }
    }
    return new Data(recipients, history);
  }

  /** Ten audiences that use the default, filter groups (AND/OR), lists and the options. */
  public static List<Audience> audiences() {
    List<Audience> list = new ArrayList<>();
    list.add(audience("s0", null, List.of(), null, true, false));
    list.add(audience("s1", List.of(group(f("contact", "country", Operator.IS, "germany"), f("company", "employees", Operator.GREATER_THAN, "100"))), List.of(), null, true, false));
    list.add(audience("s2", List.of(group(f("contact", "plan", Operator.IS_ANY_OF, "pro", "enterprise")), group(f("deal", "stage", Operator.IS, "closedwon"))), List.of(), null, true, false));
    list.add(audience("s3", null, List.of("list-3", "list-7"), null, true, false));
    list.add(audience("s4", List.of(group(f("contact", "email", Operator.ENDS_WITH, "@acme.com"), f("contact", "lastOrderAt", Operator.IN_LAST_DAYS, "30"))), List.of(), 60, true, false));
    list.add(audience("s5", List.of(group(f("deal", "amount", Operator.BETWEEN, "1000", "5000"))), List.of(), null, false, false));
    list.add(audience("s6", null, List.of(), 0, true, true));
    list.add(audience("s7", List.of(group(f("contact", "country", Operator.IS_NOT, "usa"), f("contact", "plan", Operator.IS_NOT, "free"), f("company", "employees", Operator.LESS_THAN, "500"))), List.of(), null, true, false));
    list.add(audience("s8", List.of(group(f("contact", "lastOrderAt", Operator.IS_UNKNOWN))), List.of("list-1"), null, true, true));
    list.add(audience("s9", List.of(group(f("contact", "email", Operator.CONTAINS, "user1"))), List.of(), 14, false, false));
    return list;
  }

  private static Audience audience(String id, List<FilterGroup> groups, List<String> lists, Integer cooldown, boolean includeExisting, boolean resend) {
    Audience a = new Audience();
    a.setSurveyId(id);
    a.setSurveyType(SurveyType.CSAT);
    a.setChannel(DeliveryChannel.EMAIL);
    a.setFilterGroups(groups == null ? List.of() : new ArrayList<>(groups));
    a.setListIds(lists);
    a.setCooldownDays(cooldown);
    a.setIncludeExisting(includeExisting);
    a.setResendToResponders(resend);
    return a;
  }

  private static FilterGroup group(Filter... filters) {
    return new FilterGroup(new ArrayList<>(Arrays.asList(filters)));
  }

  private static Filter f(String object, String property, Operator operator, String... values) {
    return new Filter(object, property, operator, List.of(values));
  }

  /** A 100-rule domain of the kind analysts write: one rule per row of a decision table. */
  static String hundredRules() {
    StringBuilder drl = new StringBuilder("package dev.pulse.rules.generated\n\nimport dev.pulse.rules.facts.*;\n\n");
    for (int i = 0; i < 100; i++) {
      drl.append("rule \"Exclude: company size band ").append(i).append("\"\nwhen\n")
          .append("    Audience( surveyId == \"s").append(i % 10).append("\" )\n")
          .append("    Recipient( company[\"employees\"] == ").append(i * 20).append(", $id : contactId )\n")
          .append("then\n    insert( new Excluded( $id, \"band ").append(i).append("\" ) );\nend\n\n");
    }
    return drl.toString();
  }

  private static long timeCompile(List<RuleFile> files) {
    long t0 = System.nanoTime();
    compile(RuleDomain.RECIPIENTS, files);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static CompiledRuleBase compile(RuleDomain domain, List<RuleFile> files) {
    RuleCompiler.Result result = RuleCompiler.compile(domain, files);
    if (!result.ok()) {
      throw new IllegalStateException("rules do not compile: " + result.errors());
    }
    return result.ruleBase();
  }

  static List<RuleFile> load(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<RuleFile> result = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
        result.add(new RuleFile(f.getFileName().toString(), Files.readString(f)));
      }
      return result;
    }
  }

  static String report(Result r, int rounds, int batch) {
    return String.format(
        Locale.ROOT,
        """
        # Recipient rules benchmark

        %,d synthetic contacts x %d survey audiences (%,d decisions per engine per round), \
        median of %d rounds, Drools sessions of %d contacts, JVM %s, %d cores.

        | engine | contacts/s | eligible |
        |---|---:|---:|
        | Drools (shipped rules/recipients) | %,.0f | %,d |
        | hand-written Java predicate | %,.0f | %,d |

        Ratio Drools / Java: **%.2f**

        Reload of a 100-rule domain: first build %d ms, then %d ms (median of 5).
        """,
        r.contacts(), r.audiences(), (long) r.contacts() * r.audiences(), rounds, batch,
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        r.droolsPerSecond(), r.droolsEligible(), r.javaPerSecond(), r.javaEligible(), r.ratio(),
        r.reload100ColdMs(), r.reload100WarmMs());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private RecipientRulesBenchmark() {}
}
