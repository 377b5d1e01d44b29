package dev.pulse.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.platform.web.StrictJson;
import java.util.Map;
import org.springframework.http.ProblemDetail;
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
 * Channel messages from adapters on {@code pulse.inbound-messages} (keyed by thread): {@code
 * {"channelId", "messageId", "from": {"email"|"phone"|"visitorId", "name"}, "body", "consent",
 * "chatflowId"}}. Read and checked exactly as the REST endpoint reads its body (unknown fields,
 * a blank body, a sender without an address are refused the same way), then the same service; a
 * repeated message id is stored once; a refused record goes to the dead-letter topic with the
 * reason, naming the field.
 */
@Component
class InboundMessagesConsumer {

  private final ConversationIntake conversations;
  private final ObjectMapper json;
  private final StrictJson strict;

  InboundMessagesConsumer(ConversationIntake conversations, ObjectMapper json, StrictJson strict) {
    this.conversations = conversations;
    this.json = json;
    this.strict = strict;
  }

  @KafkaListener(id = "conversations.inbound", topics = Topics.INBOUND_MESSAGES, containerFactory = "pulseBatchListenerFactory")
  void onMessages(List<ConsumerRecord<String, String>> records) {
    Records.each(records, this::apply);
  }

  private void apply(ConsumerRecord<String, String> record) {
    JsonNode m;
    try {
      m = json.readTree(record.value() == null ? "" : record.value());
    } catch (Exception e) {
      throw new InvalidMessage("not JSON: " + e.getMessage(), e);
    }
    if (!(m instanceof ObjectNode fields)) {
      throw new InvalidMessage("not a JSON object", null);
    }
    ObjectNode body = fields.deepCopy();
    JsonNode channel = body.remove("channelId");
    if (channel == null || !channel.isTextual() || channel.asText().isBlank()) {
      throw new InvalidMessage("channelId: is required (the channel the message came in on)", null);
    }
    try {
      ConversationController.MessageInput in = strict.read(body, ConversationController.MessageInput.class);
      conversations.receive(channel.asText(), in.toInbound());
    } catch (ErrorResponseException e) {
      // 4xx from the checks or the service: the record itself is wrong, retrying cannot help
      throw new InvalidMessage(describe(e), e);
    }
  }

  /** The problem's detail and the fields it names, as the REST answer would give them. */
  private static String describe(ErrorResponseException e) {
    ProblemDetail p = e.getBody();
    StringBuilder out = new StringBuilder(p.getDetail() == null ? p.getTitle() : p.getDetail());
    Map<String, Object> props = p.getProperties();
    if (props != null && props.get("field") != null && !out.toString().contains(String.valueOf(props.get("field")))) {
      out.insert(0, props.get("field") + ": ");
    }
    return out.toString();
  }
}
