package dev.pulse.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A domain folder missing from {@code pulse.rules.dir} is served from the copy packed in the jar. */
class RuleSourcesTest {

  @Test
  void aMissingDomainFolderFallsBackToThePackedCopy(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("scoring"));
    Files.writeString(dir.resolve("scoring/mine.drl"), "package p\n");
    RuleSources sources = new RuleSources(dir);

    assertThat(sources.describe(RuleDomain.SCORING)).isEqualTo(dir.resolve("scoring").toAbsolutePath().normalize().toString());
    assertThat(sources.load(RuleDomain.SCORING)).extracting(RuleFile::name).containsExactly("mine.drl");

    for (RuleDomain domain : new RuleDomain[] {RuleDomain.RECIPIENTS, RuleDomain.TARGETING, RuleDomain.ASSIGNMENT}) {
      assertThat(sources.describe(domain)).isEqualTo("classpath:pulse/rules/" + domain.id());
      assertThat(sources.load(domain)).as(domain.id()).isNotEmpty().isEqualTo(RuleFiles.of(domain));
      assertThat(RuleCompiler.compile(domain, sources.load(domain)).ok()).isTrue();
    }
  }
}
