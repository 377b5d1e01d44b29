package dev.pulse.surveys;

import dev.pulse.crm.Contact;
import dev.pulse.crm.RelatedRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.surveys.facts.ConversationSummary;
import dev.pulse.rules.facts.Now;
import dev.pulse.rules.facts.Recipient;
import dev.pulse.surveys.facts.SendHistory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Builds what the recipients rules need to decide one contact for one survey. */
@Component
class RecipientFacts {

  private final RelatedRecords related;
  private final DeliveryRepository deliveries;

  private final ObjectMapper json;

  RecipientFacts(RelatedRecords related, DeliveryRepository deliveries, ObjectMapper json) {
    this.related = related;
    this.deliveries = deliveries;
    this.json = json;
  }

  List<Object> of(Survey survey, Contact contact, boolean matchedBeforePublish) {
    return of(survey, contact, matchedBeforePublish, null);
  }

  /** With the delivery's context: a chat survey's conversation summary becomes a fact. */
  List<Object> of(Survey survey, Contact contact, boolean matchedBeforePublish, String contextJson) {
    List<Object> facts = new ArrayList<>();
    facts.add(new Now(java.time.Instant.now()));
    conversation(contact.id(), contextJson).ifPresent(facts::add);
    facts.add(Surveys.audience(survey.id(), survey.definition()));
    facts.add(recipient(contact, matchedBeforePublish));
    for (DeliveryRepository.PastSend past : deliveries.history(contact.id())) {
      facts.add(new SendHistory(contact.id(), past.surveyId(), past.sentAt(), past.answeredAt()));
    }
    return facts;
  }

  private Optional<ConversationSummary> conversation(String contactId, String contextJson) {
    if (contextJson == null) {
      return Optional.empty();
    }
    try {
      JsonNode summary = json.readTree(contextJson).path("conversation");
      if (summary.isMissingNode() || summary.isNull()) {
        return Optional.empty();
      }
      ConversationSummary c = new ConversationSummary();
      c.setContactId(contactId);
      c.setConversationId(summary.path("conversationId").asText(null));
      c.setAgentReplied(summary.path("agentReplied").asBoolean(false));
      c.setCustomerWrote(summary.path("customerWrote").asBoolean(false));
      c.setAutoClosed(summary.path("autoClosed").asBoolean(false));
      return Optional.of(c);
    } catch (Exception e) {
      throw new IllegalStateException("unreadable delivery context: " + e.getMessage(), e);
    }
  }

  Recipient recipient(Contact contact, boolean matchedBeforePublish) {
    Recipient r = new Recipient(contact.id());
    r.setLifecycleStage(contact.lifecycleStage());
    r.setBecameCustomerAt(contact.becameCustomerAt());
    r.setUnsubscribed(contact.unsubscribed());
    r.setConsentToCommunicate(contact.consents() == null ? null : contact.consents().get("communication"));
    r.setMatchedBeforePublish(matchedBeforePublish);
    r.setListIds(new HashSet<>(contact.listIds()));
    Map<String, Object> props = contact.asProperties();
    r.setContact(props);
    RelatedRecords.Related rel = related.of(contact);
    r.setCompany(rel.company());
    r.setDeals(rel.deals());
    r.setTickets(rel.tickets());
    return r;
  }
}
