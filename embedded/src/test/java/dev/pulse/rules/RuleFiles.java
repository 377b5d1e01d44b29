package dev.pulse.rules;

import dev.pulse.testing.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The analysts' DRL files of the repository, for tests that run without Spring. */
final class RuleFiles {

  private RuleFiles() {}

  static List<RuleFile> of(RuleDomain domain) {
    Path dir = TestStack.repoDir().resolve("rules").resolve(domain.id());
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".drl"))
          .sorted()
          .map(f -> new RuleFile(f.getFileName().toString(), read(f)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CompiledRuleBase compiled(RuleDomain domain) {
    RuleCompiler.Result result = RuleCompiler.compile(domain, of(domain));
    if (!result.ok()) {
      throw new AssertionError("the shipped " + domain.id() + " rules do not compile: " + result.errors());
    }
    return result.ruleBase();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
