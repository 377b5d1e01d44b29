package dev.pulse.platform.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/**
 * A real SMTP server on loopback (GreenMail) that keeps every message it receives in memory, so
 * that in embedded mode an evaluator sees what Pulse sent ({@code GET /api/dev/mailbox}).
 */
public final class EmbeddedMailServer implements AutoCloseable {

  private final GreenMail server;
  private final String host;
  private final int port;

  private EmbeddedMailServer(GreenMail server, String host, int port) {
    this.server = server;
    this.host = host;
    this.port = port;
  }

  static EmbeddedMailServer start(String host, int port) {
    Ports.requireFree(host, port, "SMTP server", "pulse.runtime.embedded.mail.port");
    GreenMail server = new GreenMail(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP));
    server.start();
    return new EmbeddedMailServer(server, host, port);
  }

  /** Every message received since start, oldest first. */
  public List<MimeMessage> received() {
    return List.of(server.getReceivedMessages());
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    server.stop();
  }
}
