package dev.pulse.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Graceful shutdown's last step for events: once the relay is stopped it polls no more, and its
 * stop sends what is still pending while Kafka is reachable, so a SIGTERM loses no event.
 */
class OutboxShutdownTest extends PulseStackTest {

  @Autowired OutboxRelay relay;
  @Autowired Outbox outbox;
  @Autowired TransactionTemplate tx;

  @Test
  void stoppingTheRelayFlushesThePendingEvents() {
    String key = "shutdown-" + UUID.randomUUID();
    relay.stop();
    try {
      tx.executeWithoutResult(s -> {
        for (int i = 0; i < 5; i++) {
          outbox.event("test.shutdown", key, Map.of("i", i));
        }
      });
      await("a stopped relay leaves them").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> pending(key) == 5);

      relay.stop(); // what the context's shutdown calls: flush

      assertThat(pending(key)).isZero();
      consumeUntil(Topics.EVENTS, r -> key.equals(r.key()) && r.value().contains("\"i\":4"));
    } finally {
      relay.start();
    }
  }

  private int pending(String key) {
    return jdbc.queryForObject("SELECT count(*) FROM outbox WHERE message_key = ? AND sent_at IS NULL", Integer.class, key);
  }
}
