package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.platform.events.Topics;
import dev.pulse.testing.PulseStackTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * A CSAT email survey end to end on the embedded stack, driven through REST and Kafka only: define
 * and publish it with a 2-day delay; a customer of 40 days arrives on {@code pulse.contacts} and,
 * once the engine's clock passed the delay, gets the email; answering 2 with a comment stores the
 * answer, opens the unhappy ticket and notifies the team; the same link again stores nothing; a
 * customer of 10 days gets no delivery and the stored decision names the rule.
 */
class SurveysEndToEndTest extends PulseStackTest {

  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired AnswerLinks links;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aCsatSurveyGoesFromPublishToTicketAndNotification() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String team = "team-" + tag + "@acme.test";
    String lead = "lead-" + tag + "@acme.test";
    putJson("/api/agents/lead-" + tag, "{\"email\":\"" + lead + "\",\"teams\":[\"qa-" + tag + "\"]}");
    ResponseEntity<JsonNode> created =
        postJson("/api/surveys", """
            {"name": "Support CSAT %s", "type": "CSAT", "delivery": "EMAIL", "language": "en",
             "email": {"subject": "How did we do, {{contact.firstname|there}}?", "fromName": "Acme Support", "fromAddress": "support@acme.test"},
             "followUpQuestion": {"unhappy": "What should we have done better?"},
             "thankYou": {"unhappy": {"heading": "Thanks, we are on it", "body": "Someone will get back to you."}},
             "delay": {"amount": 2, "unit": "DAYS"},
             "notifications": {"emails": ["%s"], "teams": ["qa-%s"], "onlyWithComments": true}}
            """.formatted(tag, team, tag));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String surveyId = created.getBody().get("id").asText();
    assertThat(created.getBody().get("status").asText()).isEqualTo("DRAFT");

    assertThat(postJson("/api/surveys/" + surveyId + "/publish", "{}").getBody().get("status").asText()).isEqualTo("PUBLISHED");
    JsonNode enrollment = await().atMost(Duration.ofSeconds(30)).until(
        () -> rest.getForObject("/api/surveys/" + surveyId + "/enrollment", JsonNode.class), e -> "DONE".equals(e.path("status").asText()));
    assertThat(enrollment.get("done").asInt()).as("every existing contact looked at").isEqualTo(enrollment.get("total").asInt());
    consumeUntil(Topics.EVENTS, r -> surveyId.equals(r.key()) && "survey.published".equals(field(r.value(), "/type")));

    // a customer of 40 days and one of 10 days arrive from the CRM
    String anna = "anna-" + tag;
    String ben = "ben-" + tag;
    String annaEmail = anna + "@customer.test";
    sendContact(anna, """
        {"email": "%s", "firstname": "Anna", "lifecycleStage": "customer", "becameCustomerAt": "%s", "ownerId": "lead-%s"}
        """.formatted(annaEmail, Instant.now().minus(Duration.ofDays(40)), tag));
    sendContact(ben, """
        {"email": "%s@customer.test", "firstname": "Ben", "lifecycleStage": "customer", "becameCustomerAt": "%s"}
        """.formatted(ben, Instant.now().minus(Duration.ofDays(10))));

    // Anna gets a delivery whose process waits out the delay; Ben gets none, and why is stored
    String deliveryId =
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveryOf(surveyId, anna), id -> id != null);
    long instance = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
        "SELECT process_instance_key FROM deliveries WHERE id = ?", Long.class, deliveryId), key -> key != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> activated(instance, "Timer_SendDelay"));
    await().atMost(Duration.ofSeconds(20)).until(() -> rest.getForEntity("/api/rules/recipients/decisions/" + surveyId + "/" + ben, JsonNode.class).getStatusCode().is2xxSuccessful());
    JsonNode why = rest.getForObject("/api/rules/recipients/decisions/" + surveyId + "/" + ben, JsonNode.class);
    assertThat(why.get("eligible").asBoolean()).isFalse();
    assertThat(why.get("rule").asText()).isEqualTo("Exclude: not in the survey's recipients");
    assertThat(deliveryOf(surveyId, ben)).isNull();
    assertThat(jdbc.queryForObject("SELECT status FROM deliveries WHERE id = ?", String.class, deliveryId)).as("nothing sent during the delay").isEqualTo("SCHEDULED");
    assertThat(mailTo(annaEmail)).as("no mail of this survey yet").noneMatch(m -> m.get("subject").asText().equals("How did we do, Anna?"));

    // one delivery per (survey, contact, cycle) is the database's rule, and a CRM update changes nothing
    assertThatThrownBy(() -> jdbc.update(
            "INSERT INTO deliveries (id, survey_id, contact_id, cycle, channel, status) VALUES (?, ?, ?, 1, 'EMAIL', 'SCHEDULED')",
            "dup-" + tag, surveyId, anna))
        .isInstanceOf(DuplicateKeyException.class);
    sendContact(anna, """
        {"email": "%s", "firstname": "Anna", "lastname": "Arden", "lifecycleStage": "customer", "becameCustomerAt": "%s", "ownerId": "lead-%s"}
        """.formatted(annaEmail, Instant.now().minus(Duration.ofDays(40)), tag));
    await().atMost(Duration.ofSeconds(20)).until(() -> "Arden".equals(rest.getForObject("/api/contacts/" + anna, JsonNode.class).path("lastname").asText()));
    assertThat(jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE survey_id = ? AND contact_id = ?", Integer.class, surveyId, anna)).isEqualTo(1);

    // two days later (engine time) the email goes out
    stack().zeebe().increaseTime(Duration.ofDays(2));
    JsonNode mail = await().atMost(Duration.ofSeconds(30)).until(
        () -> mailTo(annaEmail).stream().filter(m -> m.get("subject").asText().equals("How did we do, Anna?")).findFirst().orElse(null), m -> m != null);
    assertThat(mail.get("subject").asText()).isEqualTo("How did we do, Anna?");
    List<String> mailLinks = json.convertValue(mail.get("links"), json.getTypeFactory().constructCollectionType(List.class, String.class));
    List<String> scoreLinks = mailLinks.stream().filter(l -> l.contains("/r/")).toList();
    assertThat(mailLinks).as("the footer's unsubscribe link").anyMatch(l -> l.contains("/u/"));
    assertThat(scoreLinks).hasSize(5);
    String link = path(scoreLinks.get(1));
    assertThat(link).endsWith("?score=2");
    assertThat(jdbc.queryForObject("SELECT status FROM deliveries WHERE id = ?", String.class, deliveryId)).isEqualTo("SENT");
    assertThat(jdbc.queryForMap("SELECT agent_id, team_id FROM deliveries WHERE id = ?", deliveryId))
        .as("credited at send time to the owner and the owner's team")
        .containsEntry("agent_id", "lead-" + tag).containsEntry("team_id", "qa-" + tag);

    // a score off the scale is refused, by the page and by the API, and stores nothing
    String token = link.substring("/r/".length(), link.indexOf('?'));
    String expired = links.token(deliveryId, Instant.now().minusSeconds(60));
    ResponseEntity<String> closed = rest.getForEntity("/r/" + expired + "?score=2", String.class);
    assertThat(closed.getStatusCode()).isEqualTo(HttpStatus.GONE);
    assertThat(closed.getBody()).contains("This survey has closed");
    assertThat(postForm("/r/" + expired, "2", "too late").getStatusCode()).isEqualTo(HttpStatus.GONE);
    assertThat(rest.getForEntity("/r/" + token + "?score=9", String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<JsonNode> offScale = postJson("/api/responses", "{\"token\":\"" + token + "\",\"score\":9}");
    assertThat(offScale.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(offScale.getBody().get("field").asText()).isEqualTo("score");
    assertThat(offScale.getBody().get("detail").asText()).contains("1-5");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM responses WHERE delivery_id = ?", Integer.class, deliveryId)).isZero();

    // the link opens the unhappy follow-up question; sending the form stores the answer
    ResponseEntity<String> page = rest.getForEntity(link, String.class);
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getBody()).contains("What should we have done better?").contains("value=\"2\" checked");
    ResponseEntity<String> thanks = postForm("/r/" + token, "2", "Nobody answered my second mail");
    assertThat(thanks.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(thanks.getBody()).contains("Thanks, we are on it");

    JsonNode response = rest.getForObject("/api/responses/" + deliveryId, JsonNode.class);
    assertThat(response.get("score").asInt()).isEqualTo(2);
    assertThat(response.get("comment").asText()).isEqualTo("Nobody answered my second mail");
    assertThat(response.get("agentId").asText()).isEqualTo("lead-" + tag);
    assertThat(response.get("teamId").asText()).isEqualTo("qa-" + tag);

    // the unhappy path: bucket, a high-priority ticket for the contact's owner, the team notified
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM tickets WHERE source_key = ?", Integer.class, "survey-response:" + response.get("id").asText()) == 1);
    assertThat(jdbc.queryForMap("SELECT priority, owner_id, contact_id FROM tickets WHERE source_key = ?", "survey-response:" + response.get("id").asText()))
        .containsEntry("priority", "HIGH").containsEntry("owner_id", "lead-" + tag).containsEntry("contact_id", anna);
    assertThat(rest.getForObject("/api/responses/" + deliveryId, JsonNode.class).get("bucket").asText()).isEqualTo("UNHAPPY");
    JsonNode notice;
    try {
      notice = await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(team), list -> !list.isEmpty()).get(0);
    } catch (RuntimeException e) {
      throw new AssertionError("no notification to " + team + "; mailbox: " + rest.getForObject("/api/dev/mailbox", String.class)
          + "; processed: " + jdbc.queryForList("SELECT consumer, event_id FROM processed_events WHERE consumer = 'notify-team'"), e);
    }
    assertThat(notice.get("subject").asText()).contains("CSAT").contains("2").contains("Anna");
    assertThat(notice.get("text").asText()).contains("Nobody answered my second mail");
    assertThat(notice.get("to").toString()).as("the team's agents are notified too").contains(lead);
    // the follow-up waits for the ticket to close (or escalates after a day)
    await().atMost(Duration.ofSeconds(20)).until(() -> activated(instance, "Call_FollowUpUnhappy"));
    assertThat(activated(instance, "Call_FollowUpHappy")).isFalse();

    // the same link again: a clear page, nothing stored
    assertThat(rest.getForEntity(link, String.class).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    ResponseEntity<String> again = postForm("/r/" + token, "5", "changed my mind");
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(again.getBody()).contains("already answered");
    assertThat(jdbc.queryForObject("SELECT status FROM deliveries WHERE id = ?", String.class, deliveryId)).isEqualTo("ANSWERED");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM responses WHERE delivery_id = ?", Integer.class, deliveryId)).isEqualTo(1);
    assertThat(rest.getForObject("/api/responses/" + deliveryId, JsonNode.class).get("score").asInt()).isEqualTo(2);

    // closing the ticket ends the follow-up, and with it the delivery's process
    String ticketId = jdbc.queryForObject("SELECT id FROM tickets WHERE source_key = ?", String.class, "survey-response:" + response.get("id").asText());
    assertThat(postJson("/api/tickets/" + ticketId + "/close", "{}").getStatusCode()).isEqualTo(HttpStatus.OK);
    await().atMost(Duration.ofSeconds(20)).until(() -> activated(instance, "End_Unhappy"));
    await("the lifecycle's end recorded").atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
        "SELECT completed_at IS NOT NULL FROM deliveries WHERE id = ?", Boolean.class, deliveryId));

    // the story on pulse.events
    for (String type : List.of("survey.enrolled", "survey.sent", "survey.answered")) {
      consumeUntil(Topics.EVENTS, r -> deliveryId.equals(r.key()) && type.equals(field(r.value(), "/type")));
    }
    consumeUntil(Topics.EVENTS, r -> "ticket.created".equals(field(r.value(), "/type")) && anna.equals(field(r.value(), "/data/contactId")));
    // leave later tests' contacts alone
    assertThat(postJson("/api/surveys/" + surveyId + "/unpublish", "{}").getBody().get("status").asText()).isEqualTo("UNPUBLISHED");
  }

  @Test
  void aContactWhoUnsubscribesDuringTheDelayIsSkippedAndAnUnansweredSurveyIsRemindedOnceThenExpires() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    ResponseEntity<JsonNode> created =
        postJson("/api/surveys", """
            {"name": "Window %s", "type": "CSAT", "delivery": "EMAIL",
             "email": {"subject": "Quick question %s, {{contact.firstname|there}}?"},
             "delay": {"amount": 1, "unit": "DAYS"}, "responseWindow": {"days": 5, "reminderAfterDays": 2}}
            """.formatted(tag, tag));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String surveyId = created.getBody().get("id").asText();
    postJson("/api/surveys/" + surveyId + "/publish", "{}");

    String stay = "stay-" + tag;
    String leave = "leave-" + tag;
    String customerSince = Instant.now().minus(Duration.ofDays(40)).toString();
    String stayEmail = stay + "@customer.test";
    assertThat(putJson("/api/contacts/" + stay, """
        {"email": "%s", "lifecycleStage": "customer", "becameCustomerAt": "%s"}""".formatted(stayEmail, customerSince)).getStatusCode().is2xxSuccessful()).isTrue();
    assertThat(putJson("/api/contacts/" + leave, """
        {"email": "%s@customer.test", "firstname": "Leo", "lifecycleStage": "customer", "becameCustomerAt": "%s"}""".formatted(leave, customerSince)).getStatusCode().is2xxSuccessful()).isTrue();
    String stayDelivery = await().atMost(Duration.ofSeconds(30)).until(() -> deliveryOf(surveyId, stay), id -> id != null);
    String leaveDelivery = await().atMost(Duration.ofSeconds(30)).until(() -> deliveryOf(surveyId, leave), id -> id != null);
    for (String delivery : List.of(stayDelivery, leaveDelivery)) {
      long instance = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
          "SELECT process_instance_key FROM deliveries WHERE id = ?", Long.class, delivery), key -> key != null);
      await().atMost(Duration.ofSeconds(20)).until(() -> activated(instance, "Timer_SendDelay"));
    }

    // Leo unsubscribes during the delay: the check at send time skips him and says why
    putJson("/api/contacts/" + leave, """
        {"email": "%s@customer.test", "firstname": "Leo", "lifecycleStage": "customer", "becameCustomerAt": "%s", "unsubscribed": true}""".formatted(leave, customerSince));
    stack().zeebe().increaseTime(Duration.ofDays(1));
    await().atMost(Duration.ofSeconds(30)).until(() -> status(leaveDelivery).equals("SKIPPED"));
    assertThat(jdbc.queryForObject("SELECT skip_reason FROM deliveries WHERE id = ?", String.class, leaveDelivery)).containsIgnoringCase("unsubscribed");
    consumeUntil(Topics.EVENTS, r -> leaveDelivery.equals(r.key()) && "survey.skipped".equals(field(r.value(), "/type")));
    assertThat(mailTo(leave + "@customer.test")).noneMatch(m -> m.get("subject").asText().contains(tag));

    // the other contact gets it, greeted by the default for a missing first name
    String subject = "Quick question " + tag + ", there?";
    await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(stayEmail).stream().anyMatch(m -> m.get("subject").asText().equals(subject)));
    await().atMost(Duration.ofSeconds(10)).until(() -> status(stayDelivery).equals("SENT"));

    // no answer: one reminder after two days, expiry at the end of the window, nothing more
    // (the clock moves only once the instance waits at the timer: SENT is written before it gets there)
    long stayInstance = jdbc.queryForObject("SELECT process_instance_key FROM deliveries WHERE id = ?", Long.class, stayDelivery);
    await().atMost(Duration.ofSeconds(20)).until(() -> timerCreated(stayInstance, "Timer_Reminder"));
    stack().zeebe().increaseTime(Duration.ofDays(2));
    await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(stayEmail).stream().anyMatch(m -> m.get("subject").asText().equals("Reminder: " + subject)));
    await().atMost(Duration.ofSeconds(20)).until(() -> timerCreated(stayInstance, "Timer_ResponseWindow"));
    stack().zeebe().increaseTime(Duration.ofDays(3));
    await().atMost(Duration.ofSeconds(30)).until(() -> status(stayDelivery).equals("EXPIRED"));
    consumeUntil(Topics.EVENTS, r -> stayDelivery.equals(r.key()) && "survey.expired".equals(field(r.value(), "/type")));
    assertThat(mailTo(stayEmail).stream().filter(m -> m.get("subject").asText().contains(tag))).hasSize(2);
    postJson("/api/surveys/" + surveyId + "/unpublish", "{}");
  }

  @Test
  void badSurveyDefinitionsAreRefusedNamingTheField() {
    ResponseEntity<JsonNode> unknownProperty =
        postJson("/api/surveys", """
            {"name": "x", "type": "CSAT", "delivery": "EMAIL",
             "recipients": {"filterGroups": [{"filters": [{"object": "contact", "property": "favouriteColour", "operator": "IS", "values": ["red"]}]}]}}
            """);
    assertThat(unknownProperty.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknownProperty.getBody().at("/errors/0/field").asText()).isEqualTo("recipients.filterGroups[0].filters[0].property");
    assertThat(unknownProperty.getBody().get("detail").asText()).contains("favouriteColour");

    ResponseEntity<JsonNode> negativeDelay = postJson("/api/surveys", "{\"name\":\"x\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\",\"delay\":{\"amount\":-1,\"unit\":\"DAYS\"}}");
    assertThat(negativeDelay.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(negativeDelay.getBody().at("/errors/0/field").asText()).isEqualTo("delay.amount");

    ResponseEntity<JsonNode> badUnit = postJson("/api/surveys", "{\"name\":\"x\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\",\"delay\":{\"amount\":1,\"unit\":\"WEEKS\"}}");
    assertThat(badUnit.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badUnit.getBody().at("/errors/0/field").asText()).isEqualTo("delay.unit");

    ResponseEntity<JsonNode> typo = postJson("/api/surveys", "{\"name\":\"x\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\",\"delai\":{}}");
    assertThat(typo.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(typo.getBody().at("/errors/0/field").asText()).isEqualTo("delai");

    ResponseEntity<JsonNode> missing = postJson("/api/surveys", "{\"type\":\"CSAT\"}");
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(missing.getBody().get("errors").findValuesAsText("field")).contains("name", "delivery");
  }

  @Test
  void badAnswersStoreNothingAndSaySoClearly() {
    ResponseEntity<String> forged = rest.getForEntity("/r/not-a-real-token?score=3", String.class);
    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(forged.getBody()).contains("This link is not valid");

    String expired = links.token("any-delivery", Instant.now().minusSeconds(60));
    ResponseEntity<String> closed = rest.getForEntity("/r/" + expired + "?score=3", String.class);
    assertThat(closed.getStatusCode()).isIn(HttpStatus.GONE, HttpStatus.NOT_FOUND);

    ResponseEntity<JsonNode> expiredApi = postJson("/api/responses", "{\"token\":\"" + expired + "\",\"score\":3}");
    assertThat(expiredApi.getStatusCode()).isEqualTo(HttpStatus.GONE);

    String altered = links.token("any-delivery", Instant.now().plusSeconds(3600));
    altered = altered.substring(0, altered.length() - 2) + (altered.endsWith("AA") ? "BB" : "AA");
    assertThat(postJson("/api/responses", "{\"token\":\"" + altered + "\",\"score\":3}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM responses WHERE delivery_id = 'any-delivery'", Integer.class)).isZero();
  }

  private String field(String json, String pointer) {
    try {
      return this.json.readTree(json).at(pointer).asText(null);
    } catch (Exception e) {
      return null;
    }
  }

  private void sendContact(String id, String body) throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CONTACTS, id, body);
    record.headers().add("pulse-event-id", UUID.randomUUID().toString().getBytes());
    kafka.send(record).get();
  }

  private String deliveryOf(String surveyId, String contactId) {
    List<String> ids = jdbc.queryForList("SELECT id FROM deliveries WHERE survey_id = ? AND contact_id = ?", String.class, surveyId, contactId);
    return ids.isEmpty() ? null : ids.get(0);
  }

  private String status(String deliveryId) {
    return jdbc.queryForObject("SELECT status FROM deliveries WHERE id = ?", String.class, deliveryId);
  }

  /** The engine has set the instance's timer (an event-based gateway's timer is only activated when it fires). */
  private boolean timerCreated(long instanceKey, String elementId) {
    return engineRecords().anyMatch(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.TIMER
        && r.getIntent() == io.camunda.zeebe.protocol.record.intent.TimerIntent.CREATED
        && ((io.camunda.zeebe.protocol.record.value.TimerRecordValue) r.getValue()).getProcessInstanceKey() == instanceKey
        && ((io.camunda.zeebe.protocol.record.value.TimerRecordValue) r.getValue()).getTargetElementId().equals(elementId));
  }

  private boolean activated(long instanceKey, String elementId) {
    return timesActivated(instanceKey, elementId) > 0;
  }

  private List<JsonNode> mailTo(String address) {
    JsonNode all = rest.getForObject("/api/dev/mailbox", JsonNode.class);
    return StreamSupport.stream(all.spliterator(), false).filter(m -> m.get("to").toString().contains(address)).toList();
  }

  private static String path(String url) {
    URI uri = URI.create(url);
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }

  private ResponseEntity<String> postForm(String path, String score, String comment) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("score", score);
    form.add("comment", comment);
    return rest.postForEntity(path, new HttpEntity<>(form, headers), String.class);
  }
}
