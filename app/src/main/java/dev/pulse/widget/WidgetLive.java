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
  private volatile Instant lastPoll = Instant.now();

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
    // the whole conversation first: a reconnect catches up with what it missed
    conversations.latestOfVisitor(channelId, visitorId).ifPresent(c -> {
      stream.conversationId = c.id();
      push(stream, conversations.customerMessages(List.of(c.id()), Instant.EPOCH));
      status(stream, c.status());
    });
    streams.add(stream);
    return emitter;
  }

  @Scheduled(fixedDelayString = "${pulse.widget.live-poll:500ms}")
  void poll() {
    if (streams.isEmpty()) {
      return;
    }
    Instant since = lastPoll.minusSeconds(5); // overlap: a message committed late is still seen; the streams skip what they sent
    lastPoll = Instant.now();
    try {
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
      List<Map.Entry<String, VisitorConversations.CustomerMessage>> fresh = conversations.customerMessages(ids, since);
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
