package dev.pulse.rules;

import dev.pulse.rules.facts.Decision;
import dev.pulse.rules.facts.Now;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

/**
 * A compiled, immutable rule base. Evaluations are independent and thread-safe: each runs in a
 * short-lived session of its own and returns the decisions the rules inserted, each stamped with
 * the rule that inserted it, and the rules that fired in order.
 */
public final class CompiledRuleBase {

  /** A rule base that keeps firing is broken; stop it rather than spin. */
  static final int MAX_FIRINGS = 100_000;

  private final RuleDomain domain;
  private final List<RuleFile> files;
  private final KieBase base;
  private final long buildMillis;
  private final String hash;
  /** Sessions are reset and reused: creating one (its node memories) costs more than a small evaluation. */
  private final KieSessionsPool sessions;

  CompiledRuleBase(RuleDomain domain, List<RuleFile> files, KieBase base, long buildMillis) {
    this.domain = domain;
    this.files = files;
    this.base = base;
    this.buildMillis = buildMillis;
    this.hash = RuleFile.hashOf(files);
    this.sessions = base.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
  }

  /** What an evaluation decided, and the rules that fired (in firing order). */
  public record Evaluation(List<Object> decisions, List<String> firedRules) {

    private static final com.fasterxml.jackson.databind.ObjectMapper FIELDS = com.fasterxml.jackson.databind.json.JsonMapper.builder()
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    public <T> List<T> decisions(Class<T> type) {
      return decisions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The decisions as text, as traces and scenario reports show them. */
    public List<String> described() {
      return decisions.stream().map(Evaluation::describe).toList();
    }

    /** One decision as text: {@code Excluded{contactId=c1, reason=unsubscribed} by rule "Exclude: unsubscribed"}. */
    public static String describe(Object decision) {
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>(FIELDS.convertValue(decision, java.util.Map.class));
      Object rule = fields.remove("rule");
      return decision.getClass().getSimpleName() + fields + (rule == null ? "" : " by rule \"" + rule + "\"");
    }
  }

  /**
   * Evaluates the facts with a trace of the rules that fired; a {@link Now} of the present moment
   * is added when none is given.
   */
  public Evaluation evaluate(Collection<?> facts) {
    return evaluate(facts, true);
  }

  /**
   * Evaluates the facts. Without the trace, {@link Evaluation#firedRules()} is empty (bulk runs);
   * every decision still names the rule that made it.
   */
  public Evaluation evaluate(Collection<?> facts, boolean trace) {
    KieSession session = sessions.newKieSession();
    List<String> fired = new ArrayList<>();
    List<Object> decisions = new ArrayList<>();
    AgendaEventListener firings =
        new DefaultAgendaEventListener() {
          @Override
          public void afterMatchFired(AfterMatchFiredEvent event) {
            fired.add(event.getMatch().getRule().getName());
          }
        };
    RuleRuntimeEventListener inserts =
        new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
              Object fact = event.getObject();
              if (domain.isDecision(fact)) {
                if (fact instanceof Decision d && d.getRule() == null && event.getRule() != null) {
                  d.setRule(event.getRule().getName());
                }
                decisions.add(fact);
              }
            }

            @Override
            public void objectDeleted(ObjectDeletedEvent event) {
              decisions.remove(event.getOldObject());
            }
          };
    try {
      if (trace) {
        session.addEventListener(firings); // bulk runs go without: no event per firing
      }
      session.addEventListener(inserts);
      boolean hasNow = false;
      for (Object fact : facts) {
        hasNow |= fact instanceof Now;
        session.insert(fact);
      }
      if (!hasNow) {
        session.insert(new Now(Instant.now()));
      }
      int count = session.fireAllRules(MAX_FIRINGS);
      if (count >= MAX_FIRINGS) {
        throw new IllegalStateException(
            "the " + domain.id() + " rules fired " + MAX_FIRINGS + " times without settling"
                + (trace ? "; last rules: " + fired.subList(Math.max(0, fired.size() - 5), fired.size()) : ""));
      }
      return new Evaluation(List.copyOf(decisions), List.copyOf(fired));
    } catch (RuleFailure e) {
      throw e;
    } catch (RuntimeException e) {
      // a rule that compiled but throws: named, located, in a sentence
      // the engine names the rule: a consequence's exception carries its match, a condition's its message
      throw RuleFailure.of(domain, files, e, null);
    } finally {
      session.removeEventListener(firings);
      session.removeEventListener(inserts);
      session.dispose(); // back to the pool, reset
    }
  }

  /** Names of the rules in this base, sorted. */
  public List<String> ruleNames() {
    List<String> names = new ArrayList<>();
    for (KiePackage pkg : base.getKiePackages()) {
      for (Rule rule : pkg.getRules()) {
        names.add(rule.getName());
      }
    }
    names.sort(String::compareTo);
    return names;
  }

  public RuleDomain domain() {
    return domain;
  }

  public List<RuleFile> files() {
    return files;
  }

  public long buildMillis() {
    return buildMillis;
  }

  /** Identifies the file set: same files, same hash. */
  public String hash() {
    return hash;
  }
}
