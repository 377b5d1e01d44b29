package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.platform.events.Topics;
import dev.pulse.testing.PulseStackTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A contact enters a published survey's audience the moment it starts to match, whatever made it
 * match: its list memberships, its company, its deals and tickets (over REST and Kafka), time
 * passing a date threshold, or an edit of the survey's recipients. Each enrollment's decision
 * says which change asked for it. Existing contacts are a snapshot taken at publish.
 */
class AudiencesFollowTheWorldTest extends PulseStackTest {

  @Autowired KafkaTemplate<String, String> kafka;

  @Test
  void listCompanyDealAndTicketChangesEnrollTheContactsTheyMakeMatch() {
    String tag = tag();
    // a static list
    putJson("/api/lists/vip-" + tag, "{\"name\":\"VIP " + tag + "\"}");
    putJson("/api/contacts/lm-" + tag, "{\"email\":\"lm-" + tag + "@x.test\"}");
    String byList = publish("List " + tag, "\"recipients\": {\"listIds\": [\"vip-" + tag + "\"]}");
    settled("lm-" + tag);
    assertThat(deliveries(byList, "lm-" + tag)).isZero();
    assertThat(rest.exchange(URI.create("/api/lists/vip-" + tag + "/members/lm-" + tag), org.springframework.http.HttpMethod.PUT, null, String.class)
        .getStatusCode().value()).isEqualTo(201);
    awaitDelivery(byList, "lm-" + tag);
    assertThat(trigger(byList, "lm-" + tag)).isEqualTo("added to list 'vip-" + tag + "'");
    traceSays(byList, "lm-" + tag, "added to list 'vip-" + tag + "'");

    // a company: all of its contacts
    putJson("/api/companies/co-" + tag, "{\"name\":\"Co " + tag + "\",\"properties\":{\"tier\":\"silver\"}}");
    putJson("/api/contacts/co1-" + tag, "{\"email\":\"co1-" + tag + "@x.test\",\"companyId\":\"co-" + tag + "\"}");
    putJson("/api/contacts/co2-" + tag, "{\"email\":\"co2-" + tag + "@x.test\",\"companyId\":\"co-" + tag + "\"}");
    String byCompany = publish("Company " + tag, filters(
        "{\"object\":\"company\",\"property\":\"tier\",\"operator\":\"IS\",\"values\":[\"gold\"]}, {\"object\":\"company\",\"property\":\"name\",\"operator\":\"IS\",\"values\":[\"Co " + tag + "\"]}"));
    settled("co1-" + tag, "co2-" + tag);
    assertThat(deliveries(byCompany, "co1-" + tag) + deliveries(byCompany, "co2-" + tag)).isZero();
    putJson("/api/companies/co-" + tag, "{\"properties\":{\"tier\":\"gold\"}}");
    awaitDelivery(byCompany, "co1-" + tag);
    awaitDelivery(byCompany, "co2-" + tag);
    assertThat(trigger(byCompany, "co2-" + tag)).isEqualTo("company 'co-" + tag + "' changed");

    // a deal
    putJson("/api/contacts/dl-" + tag, "{\"email\":\"dl-" + tag + "@x.test\"}");
    settled("dl-" + tag);
    String byDeal = publish("Deal " + tag, filters("{\"object\":\"deal\",\"property\":\"stage\",\"operator\":\"IS\",\"values\":[\"won-" + tag + "\"]}"));
    putJson("/api/deals/d-" + tag, "{\"contactId\":\"dl-" + tag + "\",\"stage\":\"won-" + tag + "\",\"amount\":10}");
    awaitDelivery(byDeal, "dl-" + tag);
    assertThat(trigger(byDeal, "dl-" + tag)).isEqualTo("deal 'd-" + tag + "' changed");

    // a ticket moved through its pipeline
    putJson("/api/contacts/tk-" + tag, "{\"email\":\"tk-" + tag + "@x.test\"}");
    jdbc.update("INSERT INTO tickets (id, source_key, contact_id, subject, priority) VALUES (?, ?, ?, 'Help', 'LOW')", "t-" + tag, "src-" + tag, "tk-" + tag);
    String byTicket = publish("Ticket " + tag, filters("{\"object\":\"ticket\",\"property\":\"stage\",\"operator\":\"IS\",\"values\":[\"waiting-" + tag + "\"]}"));
    settled("tk-" + tag);
    assertThat(deliveries(byTicket, "tk-" + tag)).isZero();
    putJson("/api/tickets/t-" + tag + "/stage", "{\"stage\":\"waiting-" + tag + "\"}");
    awaitDelivery(byTicket, "tk-" + tag);
    assertThat(trigger(byTicket, "tk-" + tag)).isEqualTo("ticket 't-" + tag + "' moved to stage 'waiting-" + tag + "'");
  }

  @Test
  void aFilterOnDealsMatchesAnyAssociatedDealNotOnlyTheLatest() {
    String tag = tag();
    putJson("/api/contacts/any-" + tag, "{\"email\":\"any-" + tag + "@x.test\",\"properties\":{\"anyTag\":\"" + tag + "\"}}");
    putJson("/api/deals/big-" + tag, "{\"contactId\":\"any-" + tag + "\",\"amount\":5000}");
    putJson("/api/deals/small-" + tag, "{\"contactId\":\"any-" + tag + "\",\"amount\":10}"); // the latest
    String survey = publish("Any deal " + tag, filters(
        "{\"property\":\"anyTag\",\"operator\":\"IS\",\"values\":[\"" + tag + "\"]}, {\"object\":\"deal\",\"property\":\"amount\",\"operator\":\"GREATER_THAN\",\"values\":[\"1000\"]}"));
    awaitDelivery(survey, "any-" + tag);
  }

  @Test
  void theDefaultAudienceGoesByTheBecameCustomerDateWhateverTheStageIsNow() {
    String tag = tag();
    putJson("/api/contacts/ev-" + tag, "{\"email\":\"ev-" + tag + "@x.test\",\"lifecycleStage\":\"evangelist\",\"becameCustomerAt\":\""
        + Instant.now().minus(Duration.ofDays(90)) + "\"}");
    putJson("/api/contacts/nw-" + tag, "{\"email\":\"nw-" + tag + "@x.test\",\"lifecycleStage\":\"customer\",\"becameCustomerAt\":\""
        + Instant.now().minus(Duration.ofDays(29)).plusSeconds(3600) + "\"}");
    // a draft: /recipients decides without enrolling anybody of the shared stack
    ResponseEntity<JsonNode> created = postJson("/api/surveys", "{\"name\":\"Default " + tag + "\",\"type\":\"NPS\",\"delivery\":\"EMAIL\"}");
    String survey = created.getBody().get("id").asText();
    JsonNode evangelist = rest.getForObject("/api/surveys/" + survey + "/recipients?q=ev-" + tag, JsonNode.class).get("items").get(0);
    assertThat(evangelist.get("eligible").asBoolean()).as(evangelist.toString()).isTrue();
    assertThat(evangelist.get("decisions").toString()).contains("default audience: became a customer more than 30 days ago");
    JsonNode recent = rest.getForObject("/api/surveys/" + survey + "/recipients?q=nw-" + tag, JsonNode.class).get("items").get(0);
    assertThat(recent.get("eligible").asBoolean()).isFalse();
    assertThat(recent.get("nextCheck").get("why").asText()).isEqualTo("contact.becameCustomerAt + 30 days is reached");
    assertThat(Instant.parse(recent.get("nextCheck").get("at").asText())).isBetween(Instant.now().plus(Duration.ofHours(24)), Instant.now().plus(Duration.ofHours(26)));
  }

  @Test
  void companiesAndListMembershipsArriveOverKafkaToo() throws Exception {
    String tag = tag();
    putJson("/api/lists/kl-" + tag, "{\"name\":\"Kafka list " + tag + "\"}");
    putJson("/api/companies/kco-" + tag, "{\"name\":\"KCo " + tag + "\",\"properties\":{\"plan\":\"starter\"}}");
    putJson("/api/contacts/kc-" + tag, "{\"email\":\"kc-" + tag + "@x.test\",\"companyId\":\"kco-" + tag + "\"}");
    putJson("/api/contacts/kl-" + tag, "{\"email\":\"kl-" + tag + "@x.test\"}");
    String byCompany = publish("Kafka company " + tag, filters("{\"object\":\"company\",\"property\":\"plan\",\"operator\":\"IS\",\"values\":[\"enterprise-" + tag + "\"]}"));
    String byList = publish("Kafka list " + tag, "\"recipients\": {\"listIds\": [\"kl-" + tag + "\"]}");
    putJson("/api/contacts/kd-" + tag, "{\"email\":\"kd-" + tag + "@x.test\"}");
    String byDeal = publish("Kafka deal " + tag, filters("{\"object\":\"deal\",\"property\":\"stage\",\"operator\":\"IS\",\"values\":[\"kwon-" + tag + "\"]}"));
    settled("kd-" + tag);

    settled("kc-" + tag, "kl-" + tag);
    kafka.send(record("kco-" + tag, "{\"object\":\"company\",\"properties\":{\"plan\":\"enterprise-" + tag + "\"}}")).get();
    kafka.send(record(null, "{\"object\":\"list-membership\",\"listId\":\"kl-" + tag + "\",\"contactId\":\"kl-" + tag + "\",\"member\":true}")).get();
    awaitDelivery(byCompany, "kc-" + tag);
    kafka.send(record("kdeal-" + tag, "{\"object\":\"deal\",\"contactId\":\"kd-" + tag + "\",\"stage\":\"kwon-" + tag + "\"}")).get();
    awaitDelivery(byList, "kl-" + tag);
    awaitDelivery(byDeal, "kd-" + tag);
    assertThat(trigger(byDeal, "kd-" + tag)).isEqualTo("deal 'kdeal-" + tag + "' changed");
    assertThat(trigger(byCompany, "kc-" + tag)).isEqualTo("company 'kco-" + tag + "' changed");

    // what is not a CRM record is dead-lettered with the reason, and changes nothing
    kafka.send(record("bad-" + tag, "{\"object\":\"list-membership\",\"listId\":\"no-such-" + tag + "\",\"contactId\":\"kl-" + tag + "\",\"member\":true}")).get();
    ConsumerRecord<String, String> dead = consumeUntil(Topics.deadLetter(Topics.CRM_RECORDS), r -> ("bad-" + tag).equals(r.key()));
    assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8)).contains("no list 'no-such-" + tag + "'");
  }

  @Test
  void aContactCrossingADateThresholdIsEnrolledByTimeAlone() {
    String tag = tag();
    Instant crossing = Instant.now().minus(Duration.ofDays(30)).plusSeconds(6);
    putJson("/api/contacts/tm-" + tag, "{\"email\":\"tm-" + tag + "@x.test\",\"properties\":{\"tmTag\":\"" + tag + "\",\"tmSince\":\"" + crossing + "\"}}");
    String survey = publish("Time " + tag, filters(
        "{\"property\":\"tmTag\",\"operator\":\"IS\",\"values\":[\"" + tag + "\"]}, {\"property\":\"tmSince\",\"operator\":\"MORE_THAN_DAYS_AGO\",\"values\":[\"30\"]}"));
    // not yet: and the due-time index knows when to look again
    if (Instant.now().isBefore(crossing.plus(Duration.ofDays(30)))) {
      JsonNode candidate = rest.getForObject("/api/surveys/" + survey + "/recipients?q=tm-" + tag, JsonNode.class).get("items").get(0);
      if (!candidate.get("eligible").asBoolean()) {
        assertThat(candidate.get("nextCheck").get("why").asText()).isEqualTo("contact.tmSince + 30 days is reached");
      }
    }
    awaitDelivery(survey, "tm-" + tag);
    assertThat(trigger(survey, "tm-" + tag)).startsWith("time: contact.tmSince + 30 days is reached");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM audience_due WHERE survey_id = ? AND contact_id = ?", Integer.class, survey, "tm-" + tag))
        .as("nothing left to wait for").isZero();
  }

  @Test
  void editingAPublishedSurveysRecipientsEnrollsWhoNowMatches() {
    String tag = tag();
    putJson("/api/contacts/fe-" + tag, "{\"email\":\"fe-" + tag + "@x.test\",\"properties\":{\"feTag\":\"b-" + tag + "\"}}");
    String body = "{\"name\":\"Edit " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\",\"delay\":{\"amount\":60,\"unit\":\"DAYS\"},"
        + "\"recipients\":{\"filterGroups\":[{\"filters\":[{\"property\":\"feTag\",\"operator\":\"IS\",\"values\":[\"%s\"]}]}]}}";
    String survey = publish("Edit " + tag, filters("{\"property\":\"feTag\",\"operator\":\"IS\",\"values\":[\"a-" + tag + "\"]}"));
    settled("fe-" + tag);
    assertThat(deliveries(survey, "fe-" + tag)).isZero();
    ResponseEntity<JsonNode> edited = putJson("/api/surveys/" + survey, body.formatted("b-" + tag));
    assertThat(edited.getStatusCode().value()).as(String.valueOf(edited.getBody())).isEqualTo(200);
    awaitDelivery(survey, "fe-" + tag);
    assertThat(trigger(survey, "fe-" + tag)).isEqualTo("the survey's recipients were edited");
  }

  @Test
  void existingContactsAreASnapshotAtPublishThatRecipientsHonours() {
    String tag = tag();
    putJson("/api/contacts/old-" + tag, "{\"email\":\"old-" + tag + "@x.test\",\"properties\":{\"ieTag\":\"" + tag + "\"}}");
    putJson("/api/contacts/late-" + tag, "{\"email\":\"late-" + tag + "@x.test\",\"properties\":{\"ieTag\":\"no\"}}");
    String created = createSurvey("Snapshot " + tag, filters("{\"property\":\"ieTag\",\"operator\":\"IS\",\"values\":[\"" + tag + "\"]}")
        + ", \"options\": {\"includeExistingContacts\": false}");
    // updated just before the publish: existing all the same
    putJson("/api/contacts/pre-" + tag, "{\"email\":\"pre-" + tag + "@x.test\",\"properties\":{\"ieTag\":\"" + tag + "\"}}");
    String survey = publishCreated(created);

    JsonNode old = rest.getForObject("/api/surveys/" + survey + "/recipients?q=old-" + tag, JsonNode.class).get("items").get(0);
    assertThat(old.get("eligible").asBoolean()).isFalse();
    assertThat(old.get("existing").asBoolean()).isTrue();
    assertThat(old.get("rule").asText()).isEqualTo("Exclude: matched before publishing");

    // starts to match after the publish: enrolled
    putJson("/api/contacts/late-" + tag, "{\"properties\":{\"ieTag\":\"" + tag + "\"}}");
    awaitDelivery(survey, "late-" + tag);
    // an existing contact's unrelated change does not let it in
    putJson("/api/contacts/old-" + tag, "{\"firstname\":\"Olga\"}");
    putJson("/api/contacts/pre-" + tag, "{\"firstname\":\"Pre\"}");
    await().atMost(Duration.ofSeconds(30)).until(() -> "contact updated".equals(trigger(survey, "pre-" + tag)) && "contact updated".equals(trigger(survey, "old-" + tag)));
    assertThat(deliveries(survey, "old-" + tag)).isZero();
    assertThat(deliveries(survey, "pre-" + tag)).isZero();
    // one that stops matching and starts again is a new match
    putJson("/api/contacts/old-" + tag, "{\"properties\":{\"ieTag\":\"gone\"}}");
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM survey_baseline WHERE survey_id = ? AND contact_id = ?", Integer.class, survey, "old-" + tag) == 0);
    putJson("/api/contacts/old-" + tag, "{\"properties\":{\"ieTag\":\"" + tag + "\"}}");
    awaitDelivery(survey, "old-" + tag);
  }

  @Test
  void theCooldownIsAVisibleSettingAndReSendingWorksWithIt() {
    String tag = tag();
    putJson("/api/contacts/cd-" + tag, "{\"email\":\"cd-" + tag + "@x.test\",\"properties\":{\"cdTag\":\"" + tag + "\"}}");
    String csat = createSurvey("Cooldown " + tag, filters("{\"property\":\"cdTag\",\"operator\":\"IS\",\"values\":[\"" + tag + "\"]}"));
    JsonNode effective = rest.getForObject("/api/surveys/" + csat, JsonNode.class).get("effective");
    assertThat(effective.get("cooldownDays").asInt()).isEqualTo(30);
    assertThat(rest.getForObject("/api/surveys/" + csat + "/preview", JsonNode.class).get("effective").get("cooldownDays").asInt()).isEqualTo(30);

    // a survey sent today: a second survey with the default cooldown says why it waits; one with none sends
    String first = publish("First " + tag, filters("{\"property\":\"cdTag\",\"operator\":\"IS\",\"values\":[\"" + tag + "\"]}"), 0);
    await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status(first, "cd-" + tag)));
    String waits = publishCreated(csat);
    await().atMost(Duration.ofSeconds(30)).until(() -> trigger(waits, "cd-" + tag) != null);
    JsonNode why = rest.getForObject("/api/rules/recipients/decisions/" + waits + "/cd-" + tag, JsonNode.class);
    assertThat(why.get("reason").asText()).isEqualTo("received a survey in the last 30 days (the survey's cooldown)");
    String none = publish("No cooldown " + tag, filters("{\"property\":\"cdTag\",\"operator\":\"IS\",\"values\":[\"" + tag + "\"]}") + ", \"options\": {\"cooldownDays\": 0}", 60);
    awaitDelivery(none, "cd-" + tag);

    // re-send to responders, cooldown 1 day: answered, and a day later (moved by hand) sent again
    putJson("/api/contacts/rs-" + tag, "{\"email\":\"rs-" + tag + "@x.test\",\"properties\":{\"rsTag\":\"" + tag + "\"}}");
    String resend = publish("Re-send " + tag, filters("{\"property\":\"rsTag\",\"operator\":\"IS\",\"values\":[\"" + tag + "\"]}")
        + ", \"options\": {\"cooldownDays\": 1, \"resendToResponders\": true}, \"responseWindow\": {\"days\": 1}", 0);
    JsonNode mail = await().atMost(Duration.ofSeconds(30)).until(() -> mailTo("rs-" + tag + "@x.test").stream().findFirst().orElse(null), m -> m != null);
    String link = URI.create(mail.get("links").get(4).asText()).getRawPath();
    String token = link.substring("/r/".length());
    assertThat(postJson("/api/responses", "{\"token\":\"" + token + "\",\"score\":5}").getStatusCode().is2xxSuccessful()).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(() -> "ANSWERED".equals(status(resend, "rs-" + tag)));
    assertThat(jdbc.queryForObject("SELECT count(*) FROM audience_due WHERE survey_id = ? AND contact_id = ?", Integer.class, resend, "rs-" + tag))
        .as("a re-check is due after the window and the cooldown").isEqualTo(1);
    jdbc.update("UPDATE deliveries SET sent_at = sent_at - interval '2 days' WHERE survey_id = ? AND contact_id = ?", resend, "rs-" + tag);
    jdbc.update("UPDATE audience_due SET due_at = now() WHERE survey_id = ? AND contact_id = ?", resend, "rs-" + tag);
    await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(resend, "rs-" + tag) == 2);
    // the re-check was due for two reasons at once (the re-send and the cooldown's end); either may be the one stored
    assertThat(trigger(resend, "rs-" + tag)).matches("time: (re-send|the survey sent .* is reached).*");
  }

  // --- helpers

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static String filters(String filters) {
    return "\"recipients\": {\"filterGroups\": [{\"filters\": [" + filters + "]}]}";
  }

  private String createSurvey(String name, String recipientsAndOptions) {
    ResponseEntity<JsonNode> created = postJson("/api/surveys", """
        {"name": "%s", "type": "CSAT", "delivery": "EMAIL", "delay": {"amount": 60, "unit": "DAYS"}, %s}""".formatted(name, recipientsAndOptions));
    assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
    return created.getBody().get("id").asText();
  }

  private String publish(String name, String recipientsAndOptions) {
    return publishCreated(createSurvey(name, recipientsAndOptions));
  }

  private String publish(String name, String recipientsAndOptions, int delayDays) {
    String id = createSurvey(name, recipientsAndOptions);
    if (delayDays != 60) {
      jdbc.update("UPDATE surveys SET definition = jsonb_set(definition, '{delay,amount}', to_jsonb(?::int)) WHERE id = ?", delayDays, id);
    }
    return publishCreated(id);
  }

  private String publishCreated(String id) {
    postJson("/api/surveys/" + id + "/publish", "{}");
    await().atMost(Duration.ofSeconds(120)).until(() -> "DONE".equals(rest.getForObject("/api/surveys/" + id + "/enrollment", JsonNode.class).path("status").asText()));
    return id;
  }

  private int deliveries(String survey, String contact) {
    return jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE survey_id = ? AND contact_id = ?", Integer.class, survey, contact);
  }

  private String status(String survey, String contact) {
    return jdbc.queryForList("SELECT status FROM deliveries WHERE survey_id = ? AND contact_id = ? ORDER BY cycle DESC", String.class, survey, contact)
        .stream().findFirst().orElse(null);
  }

  private void awaitDelivery(String survey, String contact) {
    await("a delivery of " + survey + " to " + contact).atMost(Duration.ofSeconds(45)).until(() -> deliveries(survey, contact) >= 1);
  }

  /** Why the latest delivery was enrolled (kept with it), else the trigger of the latest decision. */
  private String trigger(String survey, String contact) {
    String because = jdbc.queryForList("SELECT enrolled_because FROM deliveries WHERE survey_id = ? AND contact_id = ? ORDER BY cycle DESC",
        String.class, survey, contact).stream().filter(w -> w != null).findFirst().orElse(null);
    if (because != null) {
      return because;
    }
    return jdbc.queryForList("SELECT coalesce(trigger, '') FROM recipient_decisions WHERE survey_id = ? AND contact_id = ?", String.class, survey, contact)
        .stream().filter(t -> !t.isEmpty()).findFirst().orElse(null);
  }

  /** Every contact.changed event of these contacts so far has been handled by the surveys (so the next change is the one a decision names). */
  private void settled(String... contactIds) {
    for (String contactId : contactIds) {
      await("the changes of " + contactId + " handled").atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
          "SELECT count(*) FROM outbox o WHERE o.message_key = ? AND o.event_type = 'contact.changed'"
              + " AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.consumer = 'surveys.contact-changed' AND p.event_id = o.id::text)",
          Integer.class, contactId) == 0);
    }
  }

  /** The stored decision trace names the change that enrolled the contact. */
  private void traceSays(String survey, String contact, String why) {
    await().atMost(Duration.ofSeconds(30)).until(() -> rest.getForObject("/api/rules/recipients/decisions/" + survey + "/" + contact, JsonNode.class)
        .path("trigger").asText().contains(why));
  }

  private List<JsonNode> mailTo(String address) {
    JsonNode all = rest.getForObject("/api/dev/mailbox", JsonNode.class);
    return StreamSupport.stream(all.spliterator(), false).filter(m -> m.get("to").toString().contains(address)).toList();
  }

  private static ProducerRecord<String, String> record(String key, String value) {
    ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CRM_RECORDS, key, value);
    record.headers().add("pulse-event-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    return record;
  }
}
