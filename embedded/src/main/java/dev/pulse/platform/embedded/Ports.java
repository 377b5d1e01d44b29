package dev.pulse.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port helpers for the embedded servers. */
final class Ports {

  private Ports() {}

  /**
   * The port itself, or a free loopback port when {@code port} is 0. The free port is picked
   * below the system's ephemeral range: a port from that range (what {@code new ServerSocket(0)}
   * gives) can be taken as the local end of some client connection between being picked and
   * being bound by the server, which made the embedded Kafka fail to start now and then.
   */
  static int resolve(int port) {
    if (port != 0) {
      return port;
    }
    int ephemeralStart = ephemeralRangeStart();
    if (ephemeralStart > 11_000) {
      java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
      for (int attempt = 0; attempt < 100; attempt++) {
        int candidate = random.nextInt(10_000, ephemeralStart);
        if (free(candidate)) {
          return candidate;
        }
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of the system's ephemeral range (Linux), or 0 when unknown. */
  private static int ephemeralRangeStart() {
    try {
      String range = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Fails with a message naming the component and the setting when the port is taken. */
  static void requireFree(String host, int port, String component, String property) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Port "
              + host
              + ":"
              + port
              + " for the embedded "
              + component
              + " is already in use (another Pulse running?). Stop it, or choose another port with "
              + property,
          e);
    }
  }
}
