package dev.pulse.platform.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A real SMTP server on loopback (GreenMail) that keeps every message it receives in memory, so
 * that in embedded mode an evaluator sees what Pulse sent ({@code GET /api/dev/mailbox}).
 */
public final class EmbeddedMailServer implements AutoCloseable {

  private final ServerSetup setup;
  private final List<MimeMessage> beforeOutage = new ArrayList<>();
  private volatile GreenMail server;
  private final String host;
  private final int port;

  private EmbeddedMailServer(GreenMail server, ServerSetup setup, String host, int port) {
    this.server = server;
    this.setup = setup;
    this.host = host;
    this.port = port;
  }

  static EmbeddedMailServer start(String host, int port) {
    Ports.requireFree(host, port, "SMTP server", "pulse.runtime.embedded.mail.port");
    ServerSetup setup = new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP);
    GreenMail server = new GreenMail(setup);
    server.start();
    return new EmbeddedMailServer(server, setup, host, port);
  }

  /** Every message received since start, oldest first. */
  public synchronized List<MimeMessage> received() {
    List<MimeMessage> all = new ArrayList<>(beforeOutage);
    all.addAll(List.of(server.getReceivedMessages()));
    return all;
  }

  /** Stops accepting mail, as an SMTP outage would (for outage drills); what arrived so far is kept. */
  public synchronized void goDown() {
    beforeOutage.addAll(List.of(server.getReceivedMessages()));
    server.stop();
  }

  /** Accepts mail again on the same address after {@link #goDown()}. */
  public synchronized void comeBack() {
    GreenMail restarted = new GreenMail(setup);
    restarted.start();
    server = restarted;
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
