package dev.pulse.platform.events;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends unsent outbox rows to Kafka in order, marking each sent only after the broker
 * acknowledged it (at-least-once; consumers dedupe on the {@code pulse-event-id} header). Rows
 * are claimed with {@code FOR UPDATE SKIP LOCKED}, so several Pulse replicas relay side by side
 * without sending a row twice. A failed send stops the batch, to keep per-key order, and is
 * retried on the next poll.
 */
@Component
class OutboxRelay implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  static final String EVENT_ID_HEADER = "pulse-event-id";
  static final String EVENT_TYPE_HEADER = "pulse-event-type";

  private final JdbcTemplate jdbc;
  private final KafkaTemplate<String, String> kafka;
  private final TransactionTemplate tx;
  private final int batchSize;
  private volatile boolean running;

  OutboxRelay(
      JdbcTemplate jdbc,
      KafkaTemplate<String, String> kafka,
      TransactionTemplate tx,
      @org.springframework.beans.factory.annotation.Value("${pulse.outbox.batch-size:100}") int batchSize) {
    this.jdbc = jdbc;
    this.kafka = kafka;
    this.tx = tx;
    this.batchSize = batchSize;
  }

  private record Row(UUID id, String topic, String key, String type, String payload) {}

  @Scheduled(fixedDelayString = "${pulse.outbox.poll-interval:500ms}")
  void poll() {
    if (running) {
      relayPending();
    }
  }

  /** Relays until nothing is pending or a send fails; returns how many rows were sent. */
  int relayPending() {
    int total = 0;
    while (true) {
      Integer sent = tx.execute(status -> relayBatch());
      if (sent == null || sent <= 0) {
        return total;
      }
      total += sent;
      if (sent < batchSize) {
        return total;
      }
    }
  }

  private int relayBatch() {
    List<Row> rows =
        jdbc.query(
            "SELECT id, topic, message_key, event_type, payload FROM outbox"
                + " WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED",
            (rs, i) ->
                new Row(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5)),
            batchSize);
    int sent = 0;
    for (Row row : rows) {
      ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
      record.headers().add(EVENT_ID_HEADER, row.id().toString().getBytes(StandardCharsets.UTF_8));
      record.headers().add(EVENT_TYPE_HEADER, row.type().getBytes(StandardCharsets.UTF_8));
      try {
        kafka.send(record).get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        String error = e.getCause() != null ? e.getCause().toString() : e.toString();
        jdbc.update(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?", error, row.id());
        LOG.warn("Outbox relay: sending {} to {} failed, will retry: {}", row.id(), row.topic(), error);
        return sent == 0 ? -1 : sent;
      }
      jdbc.update("UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ?", row.id());
      sent++;
    }
    return sent;
  }

  @Override
  public void start() {
    running = true;
  }

  /** On shutdown, flush what is pending while Kafka is still reachable. */
  @Override
  public void stop() {
    running = false;
    try {
      int flushed = relayPending();
      if (flushed > 0) {
        LOG.info("Outbox relay flushed {} records on shutdown", flushed);
      }
    } catch (RuntimeException e) {
      LOG.warn("Outbox relay could not flush on shutdown; the rows stay and go out after restart: {}", e.toString());
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // stop before the web server and the job workers' phase ends, after new work stopped coming in
    return Integer.MAX_VALUE - 2048;
  }
}
