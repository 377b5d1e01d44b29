package dev.pulse.rules;

import dev.pulse.rules.facts.Chosen;
import dev.pulse.rules.facts.Hide;
import dev.pulse.rules.facts.Now;
import dev.pulse.rules.facts.Recipient;
import dev.pulse.rules.facts.Show;
import dev.pulse.rules.facts.Visit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The rule bases, one per domain (DESIGN §6): the folder under {@code rules/} that holds its DRL
 * files, the fact types an evaluation takes in and the decision types it gives back. The types
 * shared by several features ({@code Now}, {@code Recipient}, {@code Visit}, {@code Show} ...) are
 * in {@code rules.facts}; the rest belong to the feature that decides and come in through
 * {@link RuleFacts}.
 */
public enum RuleDomain {
  RECIPIENTS(List.of(Recipient.class, Now.class), List.of()),
  SCORING(List.of(Now.class), List.of()),
  TARGETING(List.of(Visit.class, Recipient.class, Now.class), List.of(Show.class, Hide.class, Chosen.class)),
  ASSIGNMENT(List.of(Now.class), List.of());

  private final List<Class<?>> sharedFacts;
  private final List<Class<?>> sharedDecisions;
  private volatile Types types;

  private record Types(List<Class<?>> facts, List<Class<?>> decisions, List<String> packages, List<String> importable) {}

  RuleDomain(List<Class<?>> sharedFacts, List<Class<?>> sharedDecisions) {
    this.sharedFacts = sharedFacts;
    this.sharedDecisions = sharedDecisions;
  }

  private Types types() {
    Types t = types;
    if (t == null) {
      List<Class<?>> facts = new ArrayList<>();
      List<Class<?>> decisions = new ArrayList<>(sharedDecisions);
      boolean contributed = false;
      for (RuleFacts contribution : ServiceLoader.load(RuleFacts.class, RuleDomain.class.getClassLoader())) {
        if (contribution.domain() == this) {
          facts.addAll(contribution.factTypes());
          decisions.addAll(contribution.decisionTypes());
          contributed = true;
        }
      }
      if (!contributed) {
        throw new IllegalStateException("No feature gives the " + id() + " rules their facts: META-INF/services/"
            + RuleFacts.class.getName() + " is missing from the classpath or lists no " + name() + " contribution");
      }
      facts.addAll(sharedFacts);
      List<String> packages = java.util.stream.Stream.concat(facts.stream(), decisions.stream()).map(Class::getPackageName).distinct().toList();
      List<String> importable = packages.stream().flatMap(p -> classesIn(p).stream()).sorted().toList();
      t = types = new Types(List.copyOf(facts), List.copyOf(decisions), packages, importable);
    }
    return t;
  }

  /** The folder name under {@code rules/} and the name in URLs: {@code recipients}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<Class<?>> factTypes() {
    return types().facts();
  }

  public List<Class<?>> decisionTypes() {
    return types().decisions();
  }

  /** The packages of its types, which its DRL files may use without importing them. */
  public List<String> packages() {
    return types().packages();
  }

  /**
   * Every top-level class of those packages (enums, working facts such as {@code Candidate}
   * included), by full name: what the compiler imports into each of the domain's DRL files, one
   * by one. Wildcard imports would do the same, but the rule compiler then tries every unresolved
   * name in every such package, and in the packaged jar each miss walks all its nested jars.
   */
  public List<String> importableTypes() {
    return types().importable();
  }

  private static List<String> classesIn(String pkg) {
    try {
      org.springframework.core.io.Resource[] found = new org.springframework.core.io.support.PathMatchingResourcePatternResolver(
          RuleDomain.class.getClassLoader()).getResources("classpath*:" + pkg.replace('.', '/') + "/*.class");
      List<String> names = new ArrayList<>();
      for (org.springframework.core.io.Resource r : found) {
        String file = r.getFilename();
        if (file != null && !file.contains("$") && !file.equals("package-info.class")) {
          String name = pkg + "." + file.substring(0, file.length() - ".class".length());
          if (isPublic(name)) { // what a rule can use; leaves out a test's class of the same package
            names.add(name);
          }
        }
      }
      return names.stream().distinct().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Could not list the classes of " + pkg, e);
    }
  }

  private static boolean isPublic(String name) {
    try {
      return java.lang.reflect.Modifier.isPublic(Class.forName(name, false, RuleDomain.class.getClassLoader()).getModifiers());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Fact and decision types by simple name, as scenario files and the API name them. */
  public Map<String, Class<?>> typesByName() {
    Map<String, Class<?>> types = new LinkedHashMap<>();
    factTypes().forEach(t -> types.put(t.getSimpleName(), t));
    decisionTypes().forEach(t -> types.put(t.getSimpleName(), t));
    return types;
  }

  public boolean isDecision(Object fact) {
    return decisionTypes().contains(fact.getClass());
  }

  public static Optional<RuleDomain> byId(String id) {
    return Arrays.stream(values()).filter(d -> d.id().equalsIgnoreCase(id)).findFirst();
  }
}
