package dev.pulse.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port helpers for the embedded servers. */
final class Ports {

  private Ports() {}

  /** The port itself, or a free loopback port when {@code port} is 0. */
  static int resolve(int port) {
    if (port != 0) {
      return port;
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
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
