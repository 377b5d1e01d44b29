package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** Through the engine and the real mail: a one-day window reminds half-way, not seconds after the survey. */
class ReminderWindowTest extends PulseStackTest {

  @Test
  void aOneDayWindowRemindsAfterTwelveHours() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String address = "rw-" + tag + "@x.test";
    putJson("/api/contacts/rw-" + tag, "{\"email\":\"" + address + "\",\"properties\":{\"rwTag\":\"" + tag + "\"}}");
    ResponseEntity<JsonNode> created = postJson("/api/surveys", """
        {"name": "Window %s", "type": "CSAT", "delivery": "EMAIL", "email": {"subject": "Window %s"},
         "responseWindow": {"days": 1}, "options": {"cooldownDays": 0},
         "recipients": {"filterGroups": [{"filters": [{"property": "rwTag", "operator": "IS", "values": ["%s"]}]}]}}""".formatted(tag, tag, tag));
    assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
    String survey = created.getBody().get("id").asText();
    assertThat(created.getBody().get("effective").get("reminderAfter").asText()).isEqualTo("PT12H");
    postJson("/api/surveys/" + survey + "/publish", "{}");

    await().atMost(Duration.ofSeconds(45)).until(() -> subjects(address).contains("Window " + tag));
    stack().zeebe().increaseTime(Duration.ofHours(11));
    // the engine had 11 hours to remind too early; give it a few seconds of real time to do so
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !subjects(address).contains("Reminder: Window " + tag));
    stack().zeebe().increaseTime(Duration.ofHours(2));
    await().atMost(Duration.ofSeconds(30)).until(() -> subjects(address).contains("Reminder: Window " + tag));
  }

  private List<String> subjects(String address) {
    JsonNode all = rest.getForObject("/api/dev/mailbox", JsonNode.class);
    return StreamSupport.stream(all.spliterator(), false).filter(m -> m.get("to").toString().contains(address)).map(m -> m.get("subject").asText()).toList();
  }
}
