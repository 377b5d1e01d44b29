package dev.pulse.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * On the inbound-messages and survey-responses topics (contacts: {@code CrmIntegrationTest}), a
 * record that can never be applied goes to the topic's {@code .DLT} with the error, without
 * retries, and the records behind it are applied.
 */
class PoisonMessagesTest extends PulseStackTest {

  @Autowired KafkaTemplate<String, String> kafka;

  @Test
  void aMessageThatIsNotJsonOrNamesNoChannelIsDeadLetteredAndTheNextMessageIsStored() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/inboxes/in-" + tag, "{\"name\":\"Poison " + tag + "\"}");
    putJson("/api/channels/ch-" + tag, "{\"inboxId\":\"in-" + tag + "\",\"type\":\"WHATSAPP\"}");

    send(Topics.INBOUND_MESSAGES, "garbage-" + tag, "\u0000\u00ff not json");
    send(Topics.INBOUND_MESSAGES, "nochannel-" + tag, "{\"channelId\":\"nope-" + tag + "\",\"from\":{\"phone\":\"+49\"},\"body\":\"x\"}");
    send(Topics.INBOUND_MESSAGES, "fine-" + tag, "{\"channelId\":\"ch-" + tag + "\",\"messageId\":\"wa-" + tag + "\",\"from\":{\"phone\":\"+4917" + Math.abs(tag.hashCode()) + "\"},\"body\":\"hello\"}");

    assertThat(deadLetterError(Topics.INBOUND_MESSAGES, "garbage-" + tag)).contains("not JSON");
    assertThat(deadLetterError(Topics.INBOUND_MESSAGES, "nochannel-" + tag)).contains("nope-" + tag);
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM messages WHERE channel_id = ? AND external_id = ?", Integer.class, "ch-" + tag, "wa-" + tag) == 1);
  }

  @Test
  void anAnswerThatIsNotJsonOrHasNoScoreIsDeadLetteredAndTheNextAnswerIsStored() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String survey = postJson("/api/surveys", "{\"name\":\"Poison " + tag + "\",\"type\":\"CES\",\"delivery\":\"CHAT\"}").getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");
    putJson("/api/contacts/p-" + tag, "{\"firstname\":\"Pia\"}");
    JsonNode triggered = postJson("/api/surveys/" + survey + "/deliveries",
        "{\"contactId\":\"p-" + tag + "\",\"conversationId\":\"pc-" + tag + "\",\"conversation\":{\"agentReplied\":true,\"customerWrote\":true}}").getBody();
    String deliveryId = triggered.get("deliveryId").asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(jdbc.queryForObject("SELECT status FROM deliveries WHERE id = ?", String.class, deliveryId)));

    send(Topics.SURVEY_RESPONSES, deliveryId, "{{{");
    send(Topics.SURVEY_RESPONSES, deliveryId, "{\"comment\":\"no score\"}");
    send(Topics.SURVEY_RESPONSES, deliveryId, "{\"score\":6}");

    assertThat(deadLetterError(Topics.SURVEY_RESPONSES, deliveryId, "{{{")).contains("not JSON");
    assertThat(deadLetterError(Topics.SURVEY_RESPONSES, deliveryId, "{\"comment\":\"no score\"}")).contains("integer score");
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT count(*) FROM responses WHERE delivery_id = ?", Integer.class, deliveryId) == 1);
    assertThat(jdbc.queryForObject("SELECT score FROM responses WHERE delivery_id = ?", Integer.class, deliveryId)).isEqualTo(6);
  }

  private void send(String topic, String key, String value) throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
    record.headers().add("pulse-event-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    kafka.send(record).get();
  }

  private String deadLetterError(String topic, String key) {
    return error(consumeUntil(Topics.deadLetter(topic), r -> key.equals(r.key())));
  }

  private String deadLetterError(String topic, String key, String value) {
    return error(consumeUntil(Topics.deadLetter(topic), r -> key.equals(r.key()) && value.equals(r.value())));
  }

  private static String error(ConsumerRecord<String, String> dead) {
    return new String(dead.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8);
  }
}
