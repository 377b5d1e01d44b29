package dev.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The feature packages are application modules (Spring Modulith): no cycles between them, none
 * reaches into another's sub-packages except through a named interface ({@code rules :: facts},
 * {@code platform :: web}, ...), and each depends only on the modules its {@code package-info.java}
 * allows, so a new dependency between features is a decision written down, not an accident; and
 * each table is written by one module only. The
 * module documentation (a diagram per module and the whole, a canvas per module) is generated into
 * {@code docs/modules/}.
 */
class ModularityTest {

  private static final ApplicationModules MODULES = ApplicationModules.of(PulseApplication.class);

  @Test
  void theModulesKeepTheirBoundaries() {
    MODULES.verify();
  }

  @Test
  void thePlatformDependsOnNoFeature() {
    ApplicationModule platform = MODULES.getModuleByName("platform").orElseThrow();
    assertThat(platform.getDirectDependencies(MODULES).uniqueModules().map(ApplicationModule::getName)).isEmpty();
  }

  @Test
  void everyFeatureIsAModule() {
    assertThat(MODULES.stream().map(ApplicationModule::getName))
        .contains("chatflows", "conversations", "crm", "monitoring", "platform", "privacy", "processes", "rules", "surveys", "widget");
  }

  /**
   * Decision facts live with the feature that decides: a type in {@code rules.facts} is shared,
   * used by the rules module itself or by two features or more; a type only one feature uses
   * belongs in that feature's {@code facts} package. And each domain's types come from
   * {@code rules.facts} or from a feature's {@code facts} package, never from a feature's inside.
   */
  @Test
  void decisionFactsLiveWithTheFeatureThatDecides() {
    com.tngtech.archunit.core.domain.JavaClasses classes =
        new com.tngtech.archunit.core.importer.ClassFileImporter()
            .withImportOption(com.tngtech.archunit.core.importer.ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pulse");
    // who uses each type of rules.facts; a type used by another type of rules.facts (a Filter
    // inside a FilterGroup) counts as used by that type's users
    Map<String, Set<String>> usersOfShared = new TreeMap<>();
    Map<String, Set<String>> usedByShared = new TreeMap<>();
    for (com.tngtech.archunit.core.domain.JavaClass type : classes) {
      if (!type.getPackageName().equals("dev.pulse.rules.facts") || type.getSimpleName().equals("package-info")) {
        continue;
      }
      String name = type.getEnclosingClass().map(c -> c.getSimpleName()).orElse(type.getSimpleName());
      Set<String> modules = usersOfShared.computeIfAbsent(name, n -> new TreeSet<>());
      Set<String> sharedUsers = usedByShared.computeIfAbsent(name, n -> new TreeSet<>());
      Set<com.tngtech.archunit.core.domain.JavaClass> origins = new java.util.HashSet<>();
      type.getDirectDependenciesToSelf().forEach(d -> origins.add(d.getOriginClass()));
      type.getAccessesToSelf().forEach(a -> origins.add(a.getOriginOwner()));
      for (com.tngtech.archunit.core.domain.JavaClass origin : origins) {
        if (origin.getPackageName().equals("dev.pulse.rules.facts")) {
          String user = origin.getEnclosingClass().map(c -> c.getSimpleName()).orElse(origin.getSimpleName());
          if (!user.equals(name)) {
            sharedUsers.add(user);
          }
        } else {
          modules.add(module(origin.getPackageName()));
        }
      }
    }
    for (boolean changed = true; changed; ) {
      changed = false;
      for (var e : usedByShared.entrySet()) {
        for (String user : e.getValue()) {
          changed |= usersOfShared.get(e.getKey()).addAll(usersOfShared.getOrDefault(user, Set.of()));
        }
      }
    }
    assertThat(usersOfShared).as("types in rules.facts").containsKeys("Now", "Recipient", "Visit", "Show");
    List<String> ownedByOne = usersOfShared.entrySet().stream()
        .filter(e -> !e.getValue().contains("rules") && e.getValue().size() < 2)
        .map(e -> e.getKey() + " is used only by " + e.getValue()).toList();
    assertThat(ownedByOne).as("types in rules.facts that belong to one feature").isEmpty();
    for (dev.pulse.rules.RuleDomain domain : dev.pulse.rules.RuleDomain.values()) {
      assertThat(domain.packages()).as(domain.id() + " packages").allMatch(p -> p.equals("dev.pulse.rules.facts")
          || p.matches("dev\\.pulse\\.[a-z]+\\.facts"));
      assertThat(domain.packages()).as(domain.id() + " has types of its own feature").hasSizeGreaterThan(1);
    }
  }

  private static String module(String packageName) {
    String[] parts = packageName.split("\\.");
    return parts.length > 2 ? parts[2] : packageName;
  }

  /**
   * Each table has one owner: only one module inserts, updates or deletes its rows (read from the
   * SQL in the main sources). Another module that needs a change calls the owner (as privacy's
   * erasure does through {@code PersonalData}) instead of writing the table itself.
   */
  @Test
  void eachTableIsWrittenByOneModule() throws IOException {
    Pattern write = Pattern.compile("(INSERT INTO|UPDATE|DELETE FROM)\\s+([a-z_]+)\\b");
    Map<String, Map<String, Set<String>>> writers = new TreeMap<>();
    for (String root : List.of("app/src/main/java/dev/pulse", "embedded/src/main/java/dev/pulse")) {
      Path base = TestStack.repoDir().resolve(root);
      try (Stream<Path> files = Files.walk(base)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String module = base.relativize(file).getName(0).toString();
          String text = Files.readString(file);
          Matcher m = write.matcher(text);
          while (m.find()) {
            int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            writers.computeIfAbsent(m.group(2), t -> new TreeMap<>()).computeIfAbsent(module, x -> new TreeSet<>())
                .add(file.getFileName() + ":" + line);
          }
        }
      }
    }
    assertThat(writers).as("tables found in the SQL").containsKeys("contacts", "deliveries", "conversations", "outbox", "monitor_instances");
    List<String> shared = writers.entrySet().stream().filter(e -> e.getValue().size() > 1)
        .map(e -> e.getKey() + " is written by " + e.getValue()).toList();
    assertThat(shared).as("tables written by more than one module").isEmpty();
  }

  /**
   * The Documenter lists a diagram's relations in no fixed order; they are sorted before the files
   * are written, so docs/ changes only when the modules do.
   */
  @Test
  void theModuleDocumentationIsWrittenToDocs() throws Exception {
    Path generated = Files.createDirectories(TestStack.repoDir().resolve("embedded/target/modules-docs"));
    new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml()
        .writeModuleCanvases();
    Path folder = TestStack.repoDir().resolve("docs/modules");
    Files.createDirectories(folder);
    try (Stream<Path> files = Files.list(generated)) {
      for (Path file : files.toList()) {
        String text = sortRelations(Files.readString(file));
        Path target = folder.resolve(file.getFileName().toString());
        if (!Files.exists(target) || !Files.readString(target).equals(text)) {
          Files.writeString(target, text);
        }
      }
    }
    assertThat(Files.readString(folder.resolve("components.puml"))).contains("Surveys").contains("Rules");
    assertThat(sortRelations("a\nRel(b)\nRel(a)\nz")).isEqualTo("a\nRel(a)\nRel(b)\nz");
  }

  /** Each run of consecutive {@code Rel(...)} lines, sorted. */
  static String sortRelations(String text) {
    List<String> lines = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
    int i = 0;
    while (i < lines.size()) {
      int j = i;
      while (j < lines.size() && lines.get(j).startsWith("Rel(")) {
        j++;
      }
      if (j > i + 1) {
        java.util.Collections.sort(lines.subList(i, j));
      }
      i = Math.max(j, i + 1);
    }
    return String.join("\n", lines);
  }
}
