package dev.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.PulseStackTest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every server the embedded mode opens (HTTP, PostgreSQL, Kafka, Zeebe) listens on loopback only. */
@EnabledOnOs(OS.LINUX)
class NothingListensBeyondLoopbackTest extends PulseStackTest {

  @LocalServerPort int httpPort;

  @Test
  void everyListeningSocketOfTheStackIsBoundToLoopback() throws IOException {
    Map<String, Integer> ports =
        Map.of(
            "http", httpPort,
            "postgres", URI.create(env.getRequiredProperty("spring.datasource.url").substring("jdbc:".length())).getPort(),
            "kafka", Integer.parseInt(env.getRequiredProperty("spring.kafka.bootstrap-servers").replaceAll(".*:", "")),
            "zeebe", URI.create(env.getRequiredProperty("camunda.client.grpc-address")).getPort());
    List<String[]> listeners = listeningSockets();
    ports.forEach(
        (name, port) -> {
          List<String> addresses =
              listeners.stream().filter(l -> Integer.parseInt(l[1], 16) == port).map(l -> l[0]).toList();
          assertThat(addresses).as(name + " listens on port " + port).isNotEmpty();
          assertThat(addresses).as(name + " binds loopback only").allMatch(NothingListensBeyondLoopbackTest::isLoopback);
        });
  }

  /** [hex address, hex port] of every LISTEN socket in /proc/net/tcp and tcp6. */
  private static List<String[]> listeningSockets() throws IOException {
    List<String[]> result = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      for (String line : Files.readAllLines(path).subList(1, Files.readAllLines(path).size())) {
        String[] fields = line.trim().split("\\s+");
        if (fields[3].equals("0A")) { // TCP_LISTEN
          result.add(fields[1].split(":"));
        }
      }
    }
    return result;
  }

  /** 127.x.x.x in IPv4 (little-endian hex), ::1 or ::ffff:127.x.x.x in IPv6. */
  static boolean isLoopback(String hex) {
    if (hex.length() == 8) {
      return hex.endsWith("7F");
    }
    return hex.equals("00000000000000000000000001000000") || (hex.startsWith("0000000000000000FFFF0000") && hex.endsWith("7F"));
  }
}
