package dev.pulse.surveys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.platform.events.InvalidMessage;
import dev.pulse.platform.events.Records;
import dev.pulse.platform.events.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Answers from channel adapters on {@code pulse.survey-responses}, keyed by delivery id:
 * {@code {"deliveryId", "score", "comment", "consent", "channel"}}. The same service as the answer
 * page stores them, once per delivery; a repeat is a no-op, a record that cannot be an answer
 * goes to the dead-letter topic.
 */
@Component
class ResponsesConsumer {

  private final ResponseService responses;
  private final ObjectMapper json;

  ResponsesConsumer(ResponseService responses, ObjectMapper json) {
    this.responses = responses;
    this.json = json;
  }

  @KafkaListener(id = "surveys.responses", topics = Topics.SURVEY_RESPONSES, containerFactory = "pulseBatchListenerFactory")
  void onResponses(List<ConsumerRecord<String, String>> records) {
    Records.each(records, this::apply);
  }

  private void apply(ConsumerRecord<String, String> record) {
    JsonNode value;
    try {
      value = json.readTree(record.value());
    } catch (Exception e) {
      throw new InvalidMessage("not JSON: " + e.getMessage(), e);
    }
    String deliveryId = value.hasNonNull("deliveryId") ? value.get("deliveryId").asText() : record.key();
    if (deliveryId == null || !value.path("score").canConvertToInt()) {
      throw new InvalidMessage("an answer needs a deliveryId (or record key) and an integer score", null);
    }
    Map<String, Boolean> consent = new LinkedHashMap<>();
    value.path("consent").fields().forEachRemaining(e -> consent.put(e.getKey(), e.getValue().asBoolean()));
    String comment = value.hasNonNull("comment") ? value.get("comment").asText() : null;
    ResponseService.Result result =
        responses.submit(deliveryId, value.get("score").asInt(), comment, consent, value.path("channel").asText("CHAT"));
    switch (result.outcome()) {
      case STORED, ALREADY_ANSWERED -> { } // a repeat is a no-op
      default -> throw new InvalidMessage("answer for delivery " + deliveryId + " refused: " + result.outcome() + " (" + result.detail() + ")", null);
    }
  }
}
