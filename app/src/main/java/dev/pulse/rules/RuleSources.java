package dev.pulse.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Where a domain's DRL files come from: {@code <dir>/<domain>/}, else the copy in the jar. */
final class RuleSources {

  static final String CLASSPATH_DIR = "pulse/rules/";

  private final Path dir;

  RuleSources(Path dir) {
    this.dir = dir;
  }

  Path folder(RuleDomain domain) {
    return dir.resolve(domain.id());
  }

  boolean onDisk(RuleDomain domain) {
    return Files.isDirectory(folder(domain));
  }

  String describe(RuleDomain domain) {
    return onDisk(domain) ? folder(domain).toAbsolutePath().normalize().toString() : "classpath:" + CLASSPATH_DIR + domain.id();
  }

  List<RuleFile> load(RuleDomain domain) {
    return onDisk(domain) ? fromFolder(folder(domain)) : fromClasspath(domain);
  }

  private static List<RuleFile> fromFolder(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      List<RuleFile> result = new ArrayList<>();
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".drl")).sorted().toList()) {
        result.add(new RuleFile(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the rules folder " + folder, e);
    }
  }

  private static List<RuleFile> fromClasspath(RuleDomain domain) {
    try {
      Resource[] resources =
          new PathMatchingResourcePatternResolver().getResources("classpath*:" + CLASSPATH_DIR + domain.id() + "/*.drl");
      List<RuleFile> result = new ArrayList<>();
      for (Resource resource : resources) {
        try (InputStream in = resource.getInputStream()) {
          result.add(new RuleFile(resource.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
      result.sort(Comparator.comparing(RuleFile::name));
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the packed rules of " + domain.id(), e);
    }
  }

  /**
   * The domain's scenario files ({@code tests/<domain>/*.yaml}), by name ({@code <domain>/<file>}):
   * from the folder when the rules come from the folder, else the copy in the jar.
   */
  java.util.Map<String, String> scenarios(RuleDomain domain) {
    java.util.Map<String, String> found = new java.util.TreeMap<>();
    if (onDisk(domain)) {
      Path tests = dir.resolve("tests").resolve(domain.id());
      if (Files.isDirectory(tests)) {
        try (Stream<Path> list = Files.list(tests)) {
          for (Path file : list.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList()) {
            found.put(domain.id() + "/" + file.getFileName(), Files.readString(file, StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the scenario files in " + tests, e);
        }
      }
      return found;
    }
    try {
      for (String pattern : List.of("/*.yaml", "/*.yml")) {
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + CLASSPATH_DIR + "tests/" + domain.id() + pattern)) {
          try (InputStream in = resource.getInputStream()) {
            found.put(domain.id() + "/" + resource.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the packed scenarios of " + domain.id(), e);
    }
  }

  /**
   * Makes the domain folder hold exactly these files (a rollback), so that disk and the live
   * version agree and a restart serves the same rules. Returns false when the rules come from the
   * jar and there is no folder to write.
   */
  boolean write(RuleDomain domain, List<RuleFile> files) {
    if (!onDisk(domain)) {
      return false;
    }
    Path folder = folder(domain);
    try {
      List<String> keep = files.stream().map(RuleFile::name).toList();
      for (RuleFile file : files) {
        Path tmp = folder.resolve("." + file.name() + ".tmp");
        Files.writeString(tmp, file.text(), StandardCharsets.UTF_8);
        Files.move(tmp, folder.resolve(file.name()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      try (Stream<Path> existing = Files.list(folder)) {
        for (Path file : existing.filter(f -> f.toString().endsWith(".drl")).toList()) {
          if (!keep.contains(file.getFileName().toString())) {
            Files.delete(file);
          }
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rules folder " + folder, e);
    }
  }
}
