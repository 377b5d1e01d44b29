package dev.pulse.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpmnResourcesTest {

  @Test
  void takesEveryBpmnFileOfTheFolderButTheScenarioFolder(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.bpmn"), "<a/>");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/b.bpmn"), "<b/>");
    Files.createDirectories(dir.resolve("tests"));
    Files.writeString(dir.resolve("tests/c.bpmn"), "<c/>");
    Files.writeString(dir.resolve("README.md"), "notes");

    assertThat(BpmnResources.load(dir)).extracting(BpmnResources.BpmnFile::name).containsExactly("a.bpmn", "sub/b.bpmn");
    assertThat(BpmnResources.source(dir)).isEqualTo(dir.toString());
  }

  @Test
  void fallsBackToTheCopyPackedInTheJarWhenTheFolderIsMissing(@TempDir Path dir) {
    Path missing = dir.resolve("not-there");
    // src/test/resources/pulse/processes/ stands in for the copy the build packs into the jar
    assertThat(BpmnResources.load(missing)).extracting(BpmnResources.BpmnFile::name).contains("packed-sample.bpmn");
    assertThat(BpmnResources.source(missing)).startsWith("classpath:");
  }
}
