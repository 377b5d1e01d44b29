package dev.pulse.platform.embedded.engine;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.BufferWriter;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The embedded engine's log, in memory, that forgets what nobody needs any more. A block is kept
 * until every record in it has been processed by the engine and read by every record reader (the
 * monitoring projection); {@link #truncateBelow(long)} then drops it. The engine's state lives in
 * its own store, so a processed record is never read again by the engine while it runs.
 *
 * <p>Blocks are keyed by their lowest position in a concurrent skip list: appends come from the
 * engine's sequencer while readers on other threads walk it, and a reader that stands on a dropped
 * block moves on to the next one kept.
 */
final class TruncatingLogStorage implements LogStorage {

  private record Block(long lowest, long highest, ByteBuffer data) {}

  private final ConcurrentNavigableMap<Long, Block> blocks = new ConcurrentSkipListMap<>();
  private final CopyOnWriteArraySet<CommitListener> listeners = new CopyOnWriteArraySet<>();
  private final AtomicLong index = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong truncatedBlocks = new AtomicLong();

  @Override
  public LogStorageReader newReader() {
    return new Reader();
  }

  @Override
  public void append(long lowestPosition, long highestPosition, BufferWriter writer, AppendListener listener) {
    ByteBuffer data = ByteBuffer.allocate(writer.getLength());
    writer.write(new UnsafeBuffer(data), 0);
    blocks.put(lowestPosition, new Block(lowestPosition, highestPosition, data));
    bytes.addAndGet(data.capacity());
    long at = index.incrementAndGet();
    listener.onWrite(at, highestPosition);
    listener.onCommit(at, highestPosition);
    listeners.forEach(CommitListener::onCommit);
  }

  @Override
  public void addCommitListener(CommitListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeCommitListener(CommitListener listener) {
    listeners.remove(listener);
  }

  /** Drops every block whose records all lie below {@code position}; returns how many were dropped. */
  int truncateBelow(long position) {
    int dropped = 0;
    for (Map.Entry<Long, Block> e = blocks.firstEntry(); e != null && e.getValue().highest() < position; e = blocks.firstEntry()) {
      if (blocks.remove(e.getKey(), e.getValue())) {
        bytes.addAndGet(-e.getValue().data().capacity());
        dropped++;
      }
    }
    truncatedBlocks.addAndGet(dropped);
    return dropped;
  }

  /** Blocks kept now. */
  int blockCount() {
    return blocks.size();
  }

  /** Bytes of record data kept now. */
  long byteCount() {
    return bytes.get();
  }

  /** Blocks dropped since start. */
  long truncatedBlockCount() {
    return truncatedBlocks.get();
  }

  /** Lowest position still kept, or -1 when the log is empty. */
  long firstPosition() {
    Map.Entry<Long, Block> first = blocks.firstEntry();
    return first == null ? -1 : first.getKey();
  }

  private final class Reader implements LogStorageReader {
    /** The lowest position of the block {@link #next()} returns, or null for "the first kept". */
    private Long next;
    private boolean started;

    @Override
    public void seek(long position) {
      started = true;
      if (position < 0) {
        next = null;
        return;
      }
      Long floor = blocks.floorKey(position);
      if (floor != null) {
        next = floor;
      } else {
        next = null; // below everything kept: the first block kept
      }
    }

    private Map.Entry<Long, Block> peek() {
      if (!started || next == null) {
        return blocks.firstEntry();
      }
      // the block may have been dropped meanwhile: the first one at or after it
      return blocks.ceilingEntry(next);
    }

    @Override
    public boolean hasNext() {
      return peek() != null;
    }

    @Override
    public DirectBuffer next() {
      Map.Entry<Long, Block> entry = peek();
      if (entry == null) {
        throw new NoSuchElementException();
      }
      started = true;
      next = entry.getKey() + 1;
      return new UnsafeBuffer(entry.getValue().data());
    }

    @Override
    public void close() {}
  }
}
