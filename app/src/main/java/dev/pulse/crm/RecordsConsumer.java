package dev.pulse.crm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.platform.events.InvalidMessage;
import dev.pulse.platform.events.ProcessedEvents;
import dev.pulse.platform.events.Records;
import dev.pulse.platform.events.Topics;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CRM records other than contacts, from {@code pulse.crm-records}: the same changes as the REST
 * API, with the same validation, each re-deciding the survey audiences it may move. One JSON
 * object per record, by {@code object}:
 *
 * <ul>
 *   <li>{@code company}: {@code id}, and {@code name}, {@code domain}, {@code properties} as in PUT /api/companies/{id};
 *   <li>{@code deal}: {@code id}, and the fields of PUT /api/deals/{id};
 *   <li>{@code ticket}: {@code id} and {@code stage} (a move; {@code closed} closes it);
 *   <li>{@code list-membership}: {@code listId}, {@code contactId}, {@code member} (true adds, false removes).
 * </ul>
 *
 * A record that is not one of these, or is invalid, goes to {@code pulse.crm-records.DLT} with the
 * reason; a record carrying a {@code pulse-event-id} header is applied once.
 */
@Component
class RecordsConsumer {

  static final String CONSUMER = "crm.records";

  private final CrmRecords records;
  private final ContactService contacts;
  private final ProcessedEvents processed;
  private final TransactionTemplate tx;
  private final Validator validator;
  private final ObjectMapper json;

  RecordsConsumer(CrmRecords records, ContactService contacts, ProcessedEvents processed, TransactionTemplate tx, Validator validator, ObjectMapper json) {
    this.records = records;
    this.contacts = contacts;
    this.processed = processed;
    this.tx = tx;
    this.validator = validator;
    this.json = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @KafkaListener(id = CONSUMER, topics = Topics.CRM_RECORDS, containerFactory = "pulseBatchListenerFactory")
  void onRecords(java.util.List<ConsumerRecord<String, String>> batch) {
    Records.each(batch, this::apply);
  }

  private void apply(ConsumerRecord<String, String> record) {
    Runnable change = parse(record);
    String eventId = Records.header(record, "pulse-event-id");
    tx.executeWithoutResult(status -> {
      if (eventId == null || processed.firstTime(CONSUMER, eventId)) {
        change.run();
      }
    });
  }

  private Runnable parse(ConsumerRecord<String, String> record) {
    ObjectNode node;
    try {
      JsonNode read = json.readTree(record.value() == null ? "" : record.value());
      if (!(read instanceof ObjectNode o)) {
        throw new InvalidMessage("not a JSON object (offset " + record.offset() + ")", null);
      }
      node = o.deepCopy();
    } catch (InvalidMessage e) {
      throw e;
    } catch (Exception e) {
      throw new InvalidMessage("not JSON (offset " + record.offset() + "): " + e.getMessage(), e);
    }
    String object = text(node.remove("object"));
    if (object == null) {
      throw new InvalidMessage("a CRM record needs \"object\": company, deal, ticket or list-membership (offset " + record.offset() + ")", null);
    }
    return switch (object) {
      case "company" -> {
        String id = id(node, record);
        CrmRecords.CompanyInput in = read(node, CrmRecords.CompanyInput.class, "company " + id);
        yield () -> records.putCompany(id, in);
      }
      case "deal" -> {
        String id = id(node, record);
        CrmRecords.DealInput in = read(node, CrmRecords.DealInput.class, "deal " + id);
        yield () -> records.putDeal(id, in);
      }
      case "ticket" -> {
        String id = id(node, record);
        String stage = text(node.remove("stage"));
        if (stage == null || stage.isBlank() || stage.length() > 100 || !node.isEmpty()) {
          throw new InvalidMessage("ticket " + id + ": give \"stage\" (1-100 characters) and nothing else", null);
        }
        yield () -> {
          if ("closed".equals(stage)) {
            records.closeTicket(id);
          } else {
            records.moveTicket(id, stage);
          }
        };
      }
      case "list-membership" -> {
        String listId = text(node.remove("listId"));
        String contactId = text(node.remove("contactId"));
        JsonNode member = node.remove("member");
        if (listId == null || contactId == null || member == null || !member.isBoolean() || !node.isEmpty()) {
          throw new InvalidMessage("list-membership: give \"listId\", \"contactId\" and \"member\" (true or false), nothing else", null);
        }
        if (!records.listExists(listId)) {
          throw new InvalidMessage("list-membership: no list '" + listId + "'", null);
        }
        if (contacts.find(contactId).isEmpty()) {
          throw new InvalidMessage("list-membership: no contact '" + contactId + "'", null);
        }
        yield () -> {
          if (member.booleanValue()) {
            records.addToList(listId, contactId);
          } else {
            records.removeFromList(listId, contactId);
          }
        };
      }
      default -> throw new InvalidMessage("unknown CRM object '" + object + "': company, deal, ticket or list-membership", null);
    };
  }

  private static String id(ObjectNode node, ConsumerRecord<String, String> record) {
    String id = text(node.remove("id"));
    if (id == null) {
      id = record.key();
    }
    if (id == null || !id.matches(ContactInput.ID)) {
      throw new InvalidMessage("a CRM record needs an \"id\" (or record key) of 1-100 letters, digits or . _ : -", null);
    }
    return id;
  }

  private <T> T read(ObjectNode node, Class<T> type, String what) {
    T value;
    try {
      value = json.treeToValue(node, type);
    } catch (Exception e) {
      throw new InvalidMessage(what + ": " + e.getMessage(), e);
    }
    Set<ConstraintViolation<T>> violations = validator.validate(value);
    if (!violations.isEmpty()) {
      throw new InvalidMessage(what + ": " + violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")), null);
    }
    return value;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() || !node.isTextual() ? null : node.asText();
  }
}
