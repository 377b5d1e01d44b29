package dev.pulse.platform.embedded;

import io.grpc.ServerBuilder;
import io.grpc.ServerProvider;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The embedded engine asks gRPC for a server "on port N", which Netty binds to every interface.
 * This provider outranks Netty's and binds the same port on loopback only, so nothing Pulse
 * embeds is reachable from the network. Pulse starts no other gRPC server.
 */
public final class LoopbackGrpcServerProvider extends ServerProvider {

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 10; // Netty's own provider is 5
  }

  @Override
  protected ServerBuilder<?> builderForPort(int port) {
    return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }
}
