package dev.pulse.surveys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.platform.events.ProcessedEvents;
import dev.pulse.platform.events.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reacts to {@code contact.changed} on {@code pulse.events}: a contact that now matches a
 * published survey is enrolled. Each event is handled once (its id is recorded first).
 */
@Component
class SurveyEventsConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(SurveyEventsConsumer.class);
  static final String CONSUMER = "surveys.contact-changed";

  private final SurveyEnrollment enrollment;
  private final ProcessedEvents processed;
  private final ObjectMapper json;

  SurveyEventsConsumer(SurveyEnrollment enrollment, ProcessedEvents processed, ObjectMapper json) {
    this.enrollment = enrollment;
    this.processed = processed;
    this.json = json;
  }

  @KafkaListener(id = CONSUMER, topics = Topics.EVENTS, containerFactory = "pulseBatchListenerFactory")
  void onEvents(List<ConsumerRecord<String, String>> records) {
    for (ConsumerRecord<String, String> record : records) {
      JsonNode event;
      try {
        event = json.readTree(record.value());
      } catch (Exception e) {
        LOG.warn("Ignoring an unreadable record on {} at offset {}: {}", record.topic(), record.offset(), e.getMessage());
        continue;
      }
      if (!"contact.changed".equals(event.path("type").asText())) {
        continue;
      }
      String eventId = event.path("id").asText();
      // enrolling is idempotent (one open delivery per survey and contact, by constraint): apply,
      // then remember, so a crash in between re-applies the change rather than losing it
      if (!processed.seen(CONSUMER, eventId)) {
        JsonNode data = event.path("data");
        java.time.Instant occurredAt = null;
        try {
          occurredAt = java.time.Instant.parse(event.path("occurredAt").asText());
        } catch (java.time.format.DateTimeParseException none) {
          // an event without its time is decided as a change after every publish
        }
        enrollment.contactChanged(data.path("contactId").asText(), data.path("why").asText(null), occurredAt);
        processed.firstTime(CONSUMER, eventId);
      }
    }
  }
}
