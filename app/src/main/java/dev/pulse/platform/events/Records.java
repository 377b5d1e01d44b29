package dev.pulse.platform.events;

import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;

/** Helpers for Pulse's batch listeners. */
public final class Records {

  private Records() {}

  /**
   * Applies each record in order; a failure names the record's index, so the error handler
   * retries or dead-letters that record and the rest of the batch goes on.
   */
  public static <K, V> void each(List<ConsumerRecord<K, V>> records, Consumer<ConsumerRecord<K, V>> apply) {
    for (int i = 0; i < records.size(); i++) {
      try {
        apply.accept(records.get(i));
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException(e.getMessage(), e, i);
      }
    }
  }

  /** A header's value as UTF-8 text, or null when the record has none by that name. */
  public static String header(ConsumerRecord<?, ?> record, String name) {
    org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
