package dev.pulse.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.platform.events.InvalidMessage;
import dev.pulse.platform.events.Records;
import dev.pulse.platform.events.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Channel messages from adapters on {@code pulse.inbound-messages} (keyed by thread):
 * {@code {"channelId", "messageId", "from": {"email"|"phone"|"visitorId", "name"}, "body"}}. The
 * same service as the REST endpoint; a repeated message id is stored once; a record for an unknown
 * channel or without a sender goes to the dead-letter topic.
 */
@Component
class InboundMessagesConsumer {

  private final ConversationService conversations;
  private final ObjectMapper json;

  InboundMessagesConsumer(ConversationService conversations, ObjectMapper json) {
    this.conversations = conversations;
    this.json = json;
  }

  @KafkaListener(id = "conversations.inbound", topics = Topics.INBOUND_MESSAGES, containerFactory = "pulseBatchListenerFactory")
  void onMessages(List<ConsumerRecord<String, String>> records) {
    Records.each(records, this::apply);
  }

  private void apply(ConsumerRecord<String, String> record) {
    JsonNode m;
    try {
      m = json.readTree(record.value());
    } catch (Exception e) {
      throw new InvalidMessage("not JSON: " + e.getMessage(), e);
    }
    JsonNode from = m.path("from");
    try {
      conversations.receive(
          m.path("channelId").asText(),
          new ConversationService.Inbound(
              m.hasNonNull("messageId") ? m.get("messageId").asText() : null,
              new ConversationService.From(text(from, "email"), text(from, "phone"), text(from, "visitorId"), text(from, "name")),
              m.path("body").asText(""),
              consent(m.path("consent"))));
    } catch (ErrorResponseException e) {
      // 4xx from the service: the record itself is wrong, retrying cannot help
      throw new InvalidMessage(e.getBody().getDetail(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  /** The widget's consent answers ({"processing": true, ...}); anything else is ignored. */
  private static java.util.Map<String, Boolean> consent(JsonNode node) {
    java.util.Map<String, Boolean> consent = new java.util.LinkedHashMap<>();
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if (e.getValue().isBoolean()) {
          consent.put(e.getKey(), e.getValue().asBoolean());
        }
      });
    }
    return consent;
  }
}
