package dev.pulse.widget;

import dev.pulse.conversations.VisitorConversations;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live delivery to the widget (server-sent events). Each open stream first gets every message of
 * the visitor's conversation, then whatever is written after, from any replica: one poll of the
 * database every half second covers every stream of this replica (two queries, however many
 * visitors). Each stream remembers the messages it sent, so a reconnect, which starts with the
 * whole conversation again, lets the widget skip what it has by id: nothing lost, nothing twice.
 *
 * <p>The poll follows the database's commit order, not a clock: it asks for the messages of
 * transactions at or after the oldest one still running at the previous poll ({@link
 * VisitorConversations#liveWatermark()}), so a message whose transaction commits long after it
 * was written, or written on a replica whose clock is off, still arrives.
 */
@Component
class WidgetLive implements org.springframework.context.SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(WidgetLive.class);
  static final Duration STREAM_LIFETIME = Duration.ofMinutes(10);

  /** One open stream: a visitor of a site's channel, their conversation once they have one. */
  private static final class Stream {
    final String channelId;
    final String visitorId;
    final SseEmitter emitter;
    final Set<String> sent = new HashSet<>();
    volatile String conversationId;
    volatile String status;
    volatile long lastBeat = System.nanoTime();

    Stream(String channelId, String visitorId, SseEmitter emitter) {
      this.channelId = channelId;
      this.visitorId = visitorId;
      this.emitter = emitter;
    }
  }

  private final VisitorConversations conversations;
  private final List<Stream> streams = new CopyOnWriteArrayList<>();
  /** Where the next poll starts in the commit order; lowered by each stream that opens. */
  private final java.util.concurrent.atomic.AtomicLong watermark = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);

  WidgetLive(VisitorConversations conversations) {
    this.conversations = conversations;
  }

  int open() {
    return streams.size();
  }

  private volatile boolean running;

  @Override
  public void start() {
    running = true;
  }

  /**
   * Ends every stream before the web server's graceful shutdown, which would otherwise wait for
   * them; the browsers reconnect to another replica or to this one when it is back.
   */
  @Override
  public void stop() {
    running = false;
    for (Stream s : streams) {
      streams.remove(s);
      try {
        s.emitter.complete();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  SseEmitter stream(String channelId, String visitorId) {
    SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
    Stream stream = new Stream(channelId, visitorId, emitter);
    emitter.onCompletion(() -> streams.remove(stream));
    emitter.onTimeout(() -> streams.remove(stream));
    emitter.onError(e -> streams.remove(stream));
    // at once, so the browser knows the stream is open (and reconnects after 2 s when it drops)
    send(stream, SseEmitter.event().comment("open").reconnectTime(2000));
    // the whole conversation first: a reconnect catches up with what it missed; what this read
    // cannot see yet was written at or after `from`, where the polls pick it up
    long from = conversations.liveWatermark();
    conversations.latestOfVisitor(channelId, visitorId).ifPresent(c -> {
      stream.conversationId = c.id();
      push(stream, conversations.customerMessages(List.of(c.id()), Instant.EPOCH));
      status(stream, c.status());
    });
    streams.add(stream);
    watermark.accumulateAndGet(from, Math::min); // after the add: the poll that starts from here has the stream
    return emitter;
  }

  @Scheduled(fixedDelayString = "${pulse.widget.live-poll:500ms}")
  void poll() {
    if (streams.isEmpty()) {
      return;
    }
    long since = Long.MAX_VALUE;
    try {
      long now = conversations.liveWatermark();
      since = watermark.getAndSet(now);
      if (since == Long.MAX_VALUE) {
        since = now;
      }
      for (Stream s : streams) {
        if (s.conversationId == null) {
          conversations.latestOfVisitor(s.channelId, s.visitorId).ifPresent(c -> {
            s.conversationId = c.id();
            push(s, conversations.customerMessages(List.of(c.id()), Instant.EPOCH));
          });
        }
      }
      Set<String> ids = new HashSet<>();
      streams.forEach(s -> {
        if (s.conversationId != null) {
          ids.add(s.conversationId);
        }
      });
      List<Map.Entry<String, VisitorConversations.CustomerMessage>> fresh = conversations.customerMessagesSince(ids, since);
      Map<String, String> statuses = conversations.statuses(ids);
      for (Stream s : streams) {
        if (s.conversationId == null) {
          heartbeat(s);
          continue;
        }
        push(s, fresh.stream().filter(e -> e.getKey().equals(s.conversationId)).toList());
        String status = statuses.get(s.conversationId);
        if (status != null && !status.equals(s.status)) {
          status(s, status);
        }
        heartbeat(s);
      }
    } catch (RuntimeException e) {
      if (since != Long.MAX_VALUE) {
        watermark.accumulateAndGet(since, Math::min); // the next poll covers this one's range again
      }
      LOG.warn("The widget's live poll failed; it tries again: {}", e.toString());
    }
  }

  private void push(Stream s, List<Map.Entry<String, VisitorConversations.CustomerMessage>> messages) {
    for (Map.Entry<String, VisitorConversations.CustomerMessage> e : messages) {
      VisitorConversations.CustomerMessage m = e.getValue();
      if (s.sent.add(m.id())) {
        send(s, SseEmitter.event().name("message").id(m.id()).data(WidgetController.message(m), MediaType.APPLICATION_JSON));
      }
    }
  }

  private void status(Stream s, String status) {
    s.status = status;
    send(s, SseEmitter.event().name("status").data(Map.of("conversationId", s.conversationId, "status", status), MediaType.APPLICATION_JSON));
  }

  private void heartbeat(Stream s) {
    if (System.nanoTime() - s.lastBeat > 15_000_000_000L) {
      send(s, SseEmitter.event().comment("still here"));
    }
  }

  private void send(Stream s, SseEmitter.SseEventBuilder event) {
    try {
      synchronized (s) {
        s.emitter.send(event);
        s.lastBeat = System.nanoTime();
      }
    } catch (IOException | IllegalStateException e) {
      streams.remove(s); // the visitor left; their browser reconnects if they did not
    }
  }
}
