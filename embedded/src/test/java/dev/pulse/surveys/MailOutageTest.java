package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * SMTP goes down: the survey mail's job fails and is retried with back-off, the mail goes out
 * once when SMTP is back; when the retries run out the job becomes an incident that says what
 * could not be sent and why.
 */
class MailOutageTest extends PulseStackTest {

  @Test
  void aSurveyMailWaitsOutAnSmtpOutageAndGoesOutOnce() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String surveyId = publishedSurvey(tag);
    String email = "outage-" + tag + "@customer.test";
    stack().mail().goDown();
    String deliveryId;
    try {
      deliveryId = contactArrives(surveyId, "outage-" + tag, email);
      String id = deliveryId;
      await("the send failed while SMTP is down").atMost(Duration.ofSeconds(30))
          .until(() -> jobFailures(id).anyMatch(j -> j.getErrorMessage().contains("Could not send the survey mail of delivery " + id)));
      assertThat(status(deliveryId)).isEqualTo("SCHEDULED");
    } finally {
      stack().mail().comeBack();
    }
    String id = deliveryId;
    await("sent after SMTP came back").atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status(id)));
    long instance = jdbc.queryForObject("SELECT process_instance_key FROM deliveries WHERE id = ?", Long.class, deliveryId);
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs(instance, JobIntent.COMPLETED).anyMatch(j -> j.getType().equals("send-survey")));
    assertThat(mailTo(email)).filteredOn(m -> m.get("subject").asText().equals("Outage " + tag)).hasSize(1);
    assertThat(incidents(instance)).isEmpty();
    postJson("/api/surveys/" + surveyId + "/unpublish", "{}");
  }

  @Test
  void whenTheRetriesRunOutTheJobBecomesAnIncidentThatSaysWhatFailed() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String surveyId = publishedSurvey(tag);
    stack().mail().goDown();
    try {
      String deliveryId = contactArrives(surveyId, "down-" + tag, "down-" + tag + "@customer.test");
      long instance = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
          "SELECT process_instance_key FROM deliveries WHERE id = ?", Long.class, deliveryId), key -> key != null);
      IncidentRecordValue incident = await().atMost(Duration.ofSeconds(30)).until(() -> incidents(instance).findFirst().orElse(null), i -> i != null);
      assertThat(incident.getErrorMessage()).contains("Could not send the survey mail of delivery " + deliveryId).contains("no retries left");
      assertThat(incident.getElementId()).isEqualTo("Task_SendSurvey");
      assertThat(jobFailures(deliveryId).count()).as("tried three times").isEqualTo(3);
      assertThat(status(deliveryId)).isEqualTo("SCHEDULED");
    } finally {
      stack().mail().comeBack();
      postJson("/api/surveys/" + surveyId + "/unpublish", "{}");
    }
  }

  private String publishedSurvey(String tag) {
    String id = postJson("/api/surveys", "{\"name\":\"Outage " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\",\"email\":{\"subject\":\"Outage " + tag + "\"}}").getBody().get("id").asText();
    postJson("/api/surveys/" + id + "/publish", "{}");
    return id;
  }

  private String contactArrives(String surveyId, String contactId, String email) {
    putJson("/api/contacts/" + contactId, "{\"email\":\"" + email + "\",\"lifecycleStage\":\"customer\",\"becameCustomerAt\":\"" + Instant.now().minus(Duration.ofDays(40)) + "\"}");
    return await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
        "SELECT id FROM deliveries WHERE survey_id = ? AND contact_id = ?", String.class, surveyId, contactId).stream().findFirst().orElse(null), d -> d != null);
  }

  private String status(String deliveryId) {
    return jdbc.queryForObject("SELECT status FROM deliveries WHERE id = ?", String.class, deliveryId);
  }

  private Stream<JobRecordValue> jobs(long instance, JobIntent intent) {
    return engineRecords().filter(r -> r.getValueType() == ValueType.JOB && r.getIntent() == intent)
        .map(r -> (JobRecordValue) r.getValue()).filter(j -> j.getProcessInstanceKey() == instance);
  }

  private Stream<JobRecordValue> jobFailures(String deliveryId) {
    return engineRecords().filter(r -> r.getValueType() == ValueType.JOB && r.getIntent() == JobIntent.FAILED)
        .map(r -> (JobRecordValue) r.getValue())
        .filter(j -> j.getType().equals("send-survey") && j.getErrorMessage().contains(deliveryId));
  }

  private Stream<IncidentRecordValue> incidents(long instance) {
    return engineRecords().filter(r -> r.getValueType() == ValueType.INCIDENT && r.getIntent() == IncidentIntent.CREATED)
        .map(r -> (IncidentRecordValue) r.getValue()).filter(i -> i.getProcessInstanceKey() == instance);
  }

  private List<JsonNode> mailTo(String address) {
    JsonNode all = rest.getForObject("/api/dev/mailbox", JsonNode.class);
    return StreamSupport.stream(all.spliterator(), false).filter(m -> m.get("to").toString().contains(address)).toList();
  }
}
