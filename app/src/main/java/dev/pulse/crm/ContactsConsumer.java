package dev.pulse.crm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.platform.events.InvalidMessage;
import dev.pulse.platform.events.Records;
import dev.pulse.platform.events.ProcessedEvents;
import dev.pulse.platform.events.Topics;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CRM upserts from {@code pulse.contacts}: the value is a contact (as the REST API takes it), the
 * key its id. Applied in batches, each record in its own transaction with its event id (the
 * {@code pulse-event-id} header, if the sender sets one), so a redelivery is applied once and one
 * bad record does not hold up the others: it goes to {@code pulse.contacts.DLT}.
 */
@Component
class ContactsConsumer {

  static final String CONSUMER = "crm.contacts";

  private final ContactService contacts;
  private final ProcessedEvents processed;
  private final TransactionTemplate tx;
  private final Validator validator;
  private final ObjectMapper json;

  ContactsConsumer(ContactService contacts, ProcessedEvents processed, TransactionTemplate tx, Validator validator, ObjectMapper json) {
    this.contacts = contacts;
    this.processed = processed;
    this.tx = tx;
    this.validator = validator;
    this.json = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @KafkaListener(id = CONSUMER, topics = Topics.CONTACTS, containerFactory = "pulseBatchListenerFactory")
  void onContacts(List<ConsumerRecord<String, String>> records) {
    Records.each(records, this::apply);
  }

  private void apply(ConsumerRecord<String, String> record) {
    ContactInput input = parse(record);
    String eventId = Records.header(record, "pulse-event-id");
    tx.executeWithoutResult(
        status -> {
          if (eventId == null || processed.firstTime(CONSUMER, eventId)) {
            contacts.upsert(input);
          }
        });
  }

  private ContactInput parse(ConsumerRecord<String, String> record) {
    ContactInput input;
    try {
      input = json.readValue(record.value() == null ? "" : record.value(), ContactInput.class);
    } catch (Exception e) {
      throw new InvalidMessage("not a contact (offset " + record.offset() + "): " + e.getMessage(), e);
    }
    if (input.id() == null && record.key() != null) {
      input = input.withId(record.key());
    }
    if (input.id() == null) {
      throw new InvalidMessage("a contact needs an id (in the value, or as the record key)", null);
    }
    Set<ConstraintViolation<ContactInput>> violations = validator.validate(input);
    if (!violations.isEmpty()) {
      throw new InvalidMessage(
          "invalid contact " + input.id() + ": "
              + violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")),
          null);
    }
    return input;
  }
}
