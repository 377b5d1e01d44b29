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

  @Test
  void theModuleDocumentationIsWrittenToDocs() throws Exception {
    Path folder = TestStack.repoDir().resolve("docs/modules");
    new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(folder.toString()))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml()
        .writeModuleCanvases();
    assertThat(folder.resolve("components.puml")).exists();
    assertThat(Files.readString(folder.resolve("components.puml"))).contains("Surveys").contains("Rules");
  }
}
