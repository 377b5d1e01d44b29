package dev.pulse.platform.embedded.engine;

import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.protocol.impl.record.CopiedRecord;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.record.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * One reader of the engine's record stream, like an exporter: {@link #next(int)} gives the records
 * after the last one it acknowledged, and {@link #acknowledge(long)} says they are handled, so the
 * log may drop them. A reader that fails before acknowledging simply reads them again.
 */
public final class RecordCursor {

  private final String name;
  private final LogStreamReader reader;
  private final int partitionId;
  private volatile long acknowledged = -1;

  RecordCursor(String name, LogStreamReader reader, int partitionId) {
    this.name = name;
    this.reader = reader;
    this.partitionId = partitionId;
  }

  /** Up to {@code max} records after the last acknowledged one, oldest first, as copies. */
  public synchronized List<Record<?>> next(int max) {
    List<Record<?>> out = new ArrayList<>();
    if (acknowledged < 0) {
      reader.seekToFirstEvent();
    } else {
      reader.seekToNextEvent(acknowledged);
    }
    while (out.size() < max && reader.hasNext()) {
      LoggedEvent event = reader.next();
      if (event.getPosition() <= acknowledged) {
        continue;
      }
      out.add(copy(event));
    }
    return out;
  }

  /** Every record up to {@code position} is handled; the log may drop them. */
  public void acknowledge(long position) {
    if (position > acknowledged) {
      acknowledged = position;
    }
  }

  long acknowledged() {
    return acknowledged;
  }

  public String name() {
    return name;
  }

  private Record<?> copy(LoggedEvent event) {
    RecordMetadata metadata = new RecordMetadata();
    event.readMetadata(metadata);
    UnifiedRecordValue value = UnifiedRecordValue.fromValueType(metadata.getValueType());
    event.readValue(value);
    return new CopiedRecord<>(value, metadata, event.getKey(), partitionId, event.getPosition(), event.getSourceEventPosition(), event.getTimestamp());
  }
}
