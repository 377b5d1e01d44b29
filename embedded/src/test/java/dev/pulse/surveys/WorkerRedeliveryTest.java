package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.crm.TicketWorkers;
import dev.pulse.testing.PulseStackTest;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A job delivered again — its worker timed out, or died after doing the work and before
 * completing the job — does the work once: the survey mail, the team notification and the ticket
 * are not repeated. The workers are called here as the engine would call them a second time.
 */
class WorkerRedeliveryTest extends PulseStackTest {

  @Autowired SurveyWorkers surveyWorkers;
  @Autowired TicketWorkers ticketWorkers;
  @Autowired ResponseService responses;

  @Test
  void aRedeliveredJobSendsOneMailOneNotificationAndOpensOneTicket() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "redo-" + tag + "@customer.test";
    String team = "redo-team-" + tag + "@acme.test";
    putJson("/api/contacts/redo-" + tag, "{\"email\":\"" + email + "\",\"firstname\":\"Remy\",\"lifecycleStage\":\"customer\",\"becameCustomerAt\":\"" + Instant.now().minus(Duration.ofDays(60)) + "\"}");
    // a draft survey: nobody is enrolled behind the test's back
    String survey = postJson("/api/surveys", "{\"name\":\"Redo " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\",\"email\":{\"subject\":\"Redo " + tag + "\"},"
        + "\"notifications\":{\"emails\":[\"" + team + "\"]}}").getBody().get("id").asText();
    String delivery = "redo-" + tag;
    jdbc.update("INSERT INTO deliveries (id, survey_id, contact_id, channel, status) VALUES (?, ?, ?, 'EMAIL', 'SCHEDULED')", delivery, survey, "redo-" + tag);
    ActivatedJob job = mock(ActivatedJob.class);
    when(job.getRetries()).thenReturn(3);

    surveyWorkers.sendSurvey(job, delivery);
    surveyWorkers.sendSurvey(job, delivery);
    assertThat(mailsTo(email)).isEqualTo(1);
    assertThat(outboxEvents("survey.sent", delivery)).isEqualTo(1);

    assertThat(responses.submit(delivery, 1, "twice is once too often", Map.of(), "EMAIL").outcome()).isEqualTo(ResponseService.Outcome.STORED);
    surveyWorkers.classifyResponse(delivery);
    surveyWorkers.notifyTeam(job, delivery);
    surveyWorkers.notifyTeam(job, delivery);
    assertThat(mailsTo(team)).isEqualTo(1);

    String source = "survey-response:redo-" + tag;
    Object first = ticketWorkers.createTicket(source, "Redo", "redo-" + tag, null, Map.of("priority", "HIGH")).get("ticketId");
    Object second = ticketWorkers.createTicket(source, "Redo", "redo-" + tag, null, Map.of("priority", "HIGH")).get("ticketId");
    assertThat(second).isEqualTo(first);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM tickets WHERE source_key = ?", Integer.class, source)).isEqualTo(1);
    assertThat(outboxEvents("ticket.created", (String) first)).isEqualTo(1);
  }

  /**
   * The crash between the mail leaving and the delivery being marked sent: the job comes back with
   * the delivery still SCHEDULED. The copy sent then is the same mail — the same Message-ID and
   * the same answer link — not a second survey with a second valid link.
   */
  @Test
  void aSendRepeatedAfterACrashBeforeTheMarkCarriesTheSameLinkAndMessageId() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "again-" + tag + "@customer.test";
    putJson("/api/contacts/again-" + tag, "{\"email\":\"" + email + "\",\"lifecycleStage\":\"customer\",\"becameCustomerAt\":\"" + Instant.now().minus(Duration.ofDays(60)) + "\"}");
    String survey = postJson("/api/surveys", "{\"name\":\"Again " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\",\"email\":{\"subject\":\"Again " + tag + "\"}}")
        .getBody().get("id").asText();
    String delivery = "again-" + tag;
    jdbc.update("INSERT INTO deliveries (id, survey_id, contact_id, channel, status) VALUES (?, ?, ?, 'EMAIL', 'SCHEDULED')", delivery, survey, "again-" + tag);
    ActivatedJob job = mock(ActivatedJob.class);
    when(job.getRetries()).thenReturn(3);

    surveyWorkers.sendSurvey(job, delivery);
    // the mark is lost with the crash: the delivery is as it was when the mail left
    jdbc.update("UPDATE deliveries SET status = 'SCHEDULED', sent_at = NULL WHERE id = ?", delivery);
    jdbc.update("DELETE FROM outbox WHERE event_type = 'survey.sent' AND message_key = ?", delivery); // same transaction as the mark
    surveyWorkers.sendSurvey(job, delivery);

    java.util.List<JsonNode> mails = StreamSupport.stream(rest.getForObject("/api/dev/mailbox", JsonNode.class).spliterator(), false)
        .filter(m -> m.get("to").toString().contains(email)).toList();
    assertThat(mails).hasSize(2);
    assertThat(mails.get(0).get("messageId").asText()).isEqualTo("<delivery." + delivery + "@pulse.local>").isEqualTo(mails.get(1).get("messageId").asText());
    assertThat(mails.get(1).get("links")).as("the same link for every score").isEqualTo(mails.get(0).get("links"));
    assertThat(jdbc.queryForObject("SELECT status FROM deliveries WHERE id = ?", String.class, delivery)).isEqualTo("SENT");
    assertThat(outboxEvents("survey.sent", delivery)).isEqualTo(1);

    // a send that finds the delivery no longer scheduled (skipped meanwhile) sends nothing
    String skipped = "again-skipped-" + tag;
    jdbc.update("INSERT INTO deliveries (id, survey_id, contact_id, cycle, channel, status) VALUES (?, ?, ?, 2, 'EMAIL', 'SKIPPED')", skipped, survey, "again-" + tag);
    surveyWorkers.sendSurvey(job, skipped);
    assertThat(mailsTo(email)).isEqualTo(2);
  }

  private long mailsTo(String address) {
    JsonNode all = rest.getForObject("/api/dev/mailbox", JsonNode.class);
    return StreamSupport.stream(all.spliterator(), false).filter(m -> m.get("to").toString().contains(address)).count();
  }

  private int outboxEvents(String type, String key) {
    return jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_type = ? AND message_key = ?", Integer.class, type, key);
  }
}
