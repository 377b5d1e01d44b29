package dev.pulse.bench;

import dev.pulse.platform.embedded.engine.ZeebeEngine;
import dev.pulse.processes.embedded.InMemoryLogRace;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * One engine under a benchmark: the engine Pulse embeds ({@code pulse}) or, as the baseline, the
 * test engine it replaced ({@code zpt}); its client, its own figures where it has them, and the
 * process's heap and resident memory. Split out of {@link EngineWaitingStateBenchmark}.
 */
interface BenchEngine extends AutoCloseable {
  CamundaClient client();

  /** Records the engine has written (its last processed position), or -1 when it cannot say cheaply. */
  long recordsWritten();

  /** Bytes of log the engine holds in memory now, or -1 when it cannot say cheaply. */
  long logBytes();

  /** Bytes of state on disk, or 0. */
  long diskBytes();

  @Override
  void close();

  static BenchEngine start(String engine) throws IOException {
    int port = freePort();
    if (engine.equals("zpt")) {
      ZeebeTestEngine zpt = EngineFactory.create(port);
      InMemoryLogRace.guard(zpt);
      zpt.start();
      CamundaClient client = client(port);
      return new BenchEngine() {
        public CamundaClient client() {
          return client;
        }

        public long recordsWritten() {
          // its record stream keeps every record: counting them is the size of what it never drops
          long n = 0;
          for (Object ignored : zpt.getRecordStreamSource().getRecords()) {
            n++;
          }
          return n;
        }

        public long logBytes() {
          return -1;
        }

        public long diskBytes() {
          return 0;
        }

        public void close() {
          client.close();
          zpt.stop();
        }
      };
    }
    Path state = Files.createTempDirectory("engine-bench");
    ZeebeEngine pulse = ZeebeEngine.start(new ZeebeEngine.Settings("127.0.0.1", port, state.resolve("state"), 128L << 20, 1000, Duration.ofSeconds(1)));
    CamundaClient client = client(port);
    return new BenchEngine() {
      public CamundaClient client() {
        return client;
      }

      public long recordsWritten() {
        return pulse.stats().processedPosition();
      }

      public long logBytes() {
        return pulse.stats().logBytes();
      }

      public long diskBytes() {
        try (Stream<Path> files = Files.walk(state)) {
          return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
          return -1;
        }
      }

      public void close() {
        client.close();
        pulse.close();
      }
    };
  }

  private static CamundaClient client(int port) {
    return CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://127.0.0.1:" + port))
        .restAddress(URI.create("http://127.0.0.1:" + port))
        .preferRestOverGrpc(false)
        .defaultRequestTimeout(Duration.ofSeconds(60))
        .build();
  }

  static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The process's resident memory (heap, RocksDB's native memory, code), from /proc; 0 elsewhere. */
  static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no figure
    }
    return 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

}
