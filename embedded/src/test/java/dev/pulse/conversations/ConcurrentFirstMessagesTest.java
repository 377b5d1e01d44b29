package dev.pulse.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.platform.events.Topics;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A sender's first messages arriving at once — a new email address, an existing contact on a new
 * channel, a new chat visitor, over REST and Kafka together — make one contact and one
 * conversation per channel, and every message is stored once. (Before: 6 of 8 answered 500 and
 * were lost.)
 */
class ConcurrentFirstMessagesTest extends PulseStackTest {

  private static final int N = 24;

  @Autowired KafkaTemplate<String, String> kafka;

  @Test
  void concurrentFirstMessagesMakeOneContactOneConversationAndLoseNothing() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/inboxes/burst-" + tag, "{\"name\":\"Burst\"}");
    putJson("/api/channels/mail-" + tag, "{\"inboxId\":\"burst-" + tag + "\",\"type\":\"TEAM_EMAIL\",\"name\":\"Mail\"}");
    putJson("/api/channels/form-" + tag, "{\"inboxId\":\"burst-" + tag + "\",\"type\":\"FORM\",\"name\":\"Form\"}");
    putJson("/api/channels/chat-" + tag, "{\"inboxId\":\"burst-" + tag + "\",\"type\":\"CHAT\",\"name\":\"Chat\"}");
    String email = "burst-" + tag + "@customer.test";
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      // a new email address: half over REST, half over Kafka, at once
      List<CompletableFuture<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        String body = "{\"messageId\":\"mail-" + i + "\",\"from\":{\"email\":\"" + email + "\"},\"body\":\"message " + i + "\"}";
        if (i % 2 == 0) {
          calls.add(CompletableFuture.supplyAsync(() -> postJson("/api/channels/mail-" + tag + "/messages", body).getStatusCode().value(), pool));
        } else {
          String record = "{\"channelId\":\"mail-" + tag + "\"," + body.substring(1);
          calls.add(CompletableFuture.supplyAsync(() -> {
            kafka.send(Topics.INBOUND_MESSAGES, "burst-" + tag, record).join();
            return 202;
          }, pool));
        }
      }
      // the same contact, at once, on a channel it never used
      for (int i = 0; i < N; i++) {
        String body = "{\"messageId\":\"form-" + i + "\",\"from\":{\"email\":\"" + email.toUpperCase() + "\"},\"body\":\"form " + i + "\"}";
        calls.add(CompletableFuture.supplyAsync(() -> postJson("/api/channels/form-" + tag + "/messages", body).getStatusCode().value(), pool));
      }
      // a new chat visitor
      for (int i = 0; i < N; i++) {
        String body = "{\"messageId\":\"chat-" + i + "\",\"from\":{\"visitorId\":\"visitor-" + tag + "\"},\"body\":\"chat " + i + "\"}";
        calls.add(CompletableFuture.supplyAsync(() -> postJson("/api/channels/chat-" + tag + "/messages", body).getStatusCode().value(), pool));
      }
      List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();
      assertThat(statuses).as("every call accepted, none a 5xx").allMatch(s -> s == 202 || s == 200);
    } finally {
      pool.shutdown();
    }

    await("every Kafka message applied").atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM messages WHERE channel_id = ?", Integer.class, "mail-" + tag) == N);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE lower(email) = ?", Integer.class, email)).as("one contact").isEqualTo(1);
    for (String channel : List.of("mail-", "form-", "chat-")) {
      assertThat(jdbc.queryForObject("SELECT count(*) FROM conversations WHERE channel_id = ?", Integer.class, channel + tag))
          .as("one conversation on " + channel + tag).isEqualTo(1);
      assertThat(jdbc.queryForObject("SELECT count(DISTINCT external_id) FROM messages WHERE channel_id = ? AND direction = 'IN'", Integer.class, channel + tag))
          .as("every message of " + channel + tag + " stored once").isEqualTo(N);
      assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE channel_id = ? AND direction = 'IN'", Integer.class, channel + tag)).isEqualTo(N);
    }
    assertThat(jdbc.queryForObject("SELECT count(DISTINCT contact_id) FROM conversations WHERE channel_id IN (?, ?)", Integer.class, "mail-" + tag, "form-" + tag))
        .as("the email sender is one contact on both channels").isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE id = ?", Integer.class, "visitor-visitor-" + tag)).isEqualTo(1);
  }
}
