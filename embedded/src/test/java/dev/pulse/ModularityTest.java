package dev.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The feature packages are application modules (Spring Modulith): no cycles between them, none
 * reaches into another's sub-packages except through a named interface ({@code rules :: facts},
 * {@code platform :: web}, ...), and each depends only on the modules its {@code package-info.java}
 * allows, so a new dependency between features is a decision written down, not an accident. The
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
