package dev.pulse.processes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Finds the BPMN files to deploy: the analysts' folder, else the copy inside the jar. */
final class BpmnResources {

  static final String CLASSPATH_DIR = "pulse/processes/";

  record BpmnFile(String name, byte[] content) {}

  private BpmnResources() {}

  /** Where the files came from, for logs and the API. */
  static String source(Path dir) {
    return Files.isDirectory(dir) ? dir.toAbsolutePath().normalize().toString() : "classpath:" + CLASSPATH_DIR;
  }

  static List<BpmnFile> load(Path dir) {
    return Files.isDirectory(dir) ? fromDirectory(dir) : fromClasspath();
  }

  /** Every {@code *.bpmn} below {@code dir}, except the analysts' scenario folder {@code tests/}. */
  static List<BpmnFile> fromDirectory(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> files =
          paths
              .filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().endsWith(".bpmn"))
              .filter(p -> !dir.relativize(p).startsWith("tests"))
              .sorted(Comparator.comparing(Path::toString))
              .toList();
      List<BpmnFile> result = new ArrayList<>();
      for (Path file : files) {
        result.add(new BpmnFile(dir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file)));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the processes folder " + dir, e);
    }
  }

  static List<BpmnFile> fromClasspath() {
    try {
      Resource[] resources =
          new PathMatchingResourcePatternResolver().getResources("classpath*:" + CLASSPATH_DIR + "**/*.bpmn");
      List<BpmnFile> result = new ArrayList<>();
      for (Resource resource : resources) {
        String url = resource.getURL().toString();
        String name = url.substring(url.lastIndexOf(CLASSPATH_DIR) + CLASSPATH_DIR.length());
        try (InputStream in = resource.getInputStream()) {
          result.add(new BpmnFile(name, in.readAllBytes()));
        }
      }
      result.sort(Comparator.comparing(BpmnFile::name));
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the packed processes", e);
    }
  }
}
