package dev.pulse.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.platform.events.Topics;
import dev.pulse.testing.PulseStackTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;

/** Contacts and lists through REST and the {@code pulse.contacts} topic. */
class CrmIntegrationTest extends PulseStackTest {

  @Autowired KafkaTemplate<String, String> kafka;

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aContactIsCreatedThenMergedAndAnOlderVersionIsIgnored() {
    String id = unique("ann");
    ResponseEntity<JsonNode> created =
        putJson("/api/contacts/" + id, "{\"email\":\"" + id + "@acme.com\",\"firstname\":\"Ann\",\"lifecycleStage\":\"customer\","
            + "\"becameCustomerAt\":\"2026-01-01T00:00:00Z\",\"properties\":{\"plan\":\"pro\"},\"version\":5}");
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody().get("lifecycleStage").asText()).isEqualTo("customer");

    ResponseEntity<JsonNode> merged = putJson("/api/contacts/" + id, "{\"lastname\":\"Lee\",\"properties\":{\"country\":\"de\"},\"version\":6}");
    assertThat(merged.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(merged.getBody().get("firstname").asText()).isEqualTo("Ann");
    assertThat(merged.getBody().get("lastname").asText()).isEqualTo("Lee");
    assertThat(merged.getBody().at("/properties/plan").asText()).isEqualTo("pro");
    assertThat(merged.getBody().at("/properties/country").asText()).isEqualTo("de");

    ResponseEntity<JsonNode> stale = putJson("/api/contacts/" + id, "{\"firstname\":\"Old\",\"version\":4}");
    assertThat(stale.getBody().get("firstname").asText()).isEqualTo("Ann");
    assertThat(stale.getBody().get("version").asLong()).isEqualTo(6);

    assertThat(jdbc.queryForObject(
            "SELECT count(*) FROM outbox WHERE event_type = 'contact.changed' AND message_key = ?", Integer.class, id))
        .as("one event per applied change, none for the stale one")
        .isEqualTo(2);
  }

  @Test
  void invalidFieldsAreNamed() {
    ResponseEntity<JsonNode> response = putJson("/api/contacts/" + unique("bad"), "{\"email\":\"not-an-email\",\"lifecycleStage\":\"king\"}");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("email", "lifecycleStage");
  }

  @Test
  void anEmailBelongsToOneContact() {
    String email = unique("shared") + "@acme.com";
    String first = unique("first");
    putJson("/api/contacts/" + first, "{\"email\":\"" + email + "\"}");
    ResponseEntity<JsonNode> second = putJson("/api/contacts/" + unique("second"), "{\"email\":\"" + email.toUpperCase() + "\"}");
    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(second.getBody().get("detail").asText()).contains(first);
  }

  @Test
  void aBatchIsUpsertedAndListsHoldMembers() {
    String a = unique("batch-a");
    String b = unique("batch-b");
    ResponseEntity<JsonNode> batch =
        postJson("/api/contacts/batch", "{\"contacts\":[{\"id\":\"" + a + "\",\"firstname\":\"A\"},{\"id\":\"" + b + "\",\"firstname\":\"B\"}]}");
    assertThat(batch.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(batch.getBody().get("results").findValuesAsText("outcome")).containsExactly("CREATED", "CREATED");

    String list = unique("vip");
    assertThat(putJson("/api/lists/" + list, "{\"name\":\"VIP customers\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(rest.exchange("/api/lists/" + list + "/members/" + a, HttpMethod.PUT, null, Void.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(rest.getForObject("/api/contacts/" + a, JsonNode.class).get("listIds").toString()).contains(list);
    assertThat(rest.getForObject("/api/lists/" + list + "/members", JsonNode.class).toString()).contains(a).doesNotContain(b);
    JsonNode page = rest.getForObject("/api/contacts?q=batch-&size=500", JsonNode.class);
    assertThat(page.get("items").findValuesAsText("id")).contains(a, b);
  }

  @Test
  void contactsArriveOnKafkaAndARedeliveredEventIsAppliedOnce() throws Exception {
    String id = unique("kafka");
    String eventId = UUID.randomUUID().toString();
    send(id, "{\"firstname\":\"First\",\"lifecycleStage\":\"customer\"}", eventId);
    await().atMost(Duration.ofSeconds(20)).until(() -> rest.getForEntity("/api/contacts/" + id, JsonNode.class).getStatusCode().is2xxSuccessful());
    // the same event again (as after a consumer crash), then a newer one
    send(id, "{\"firstname\":\"Redelivered\"}", eventId);
    send(id, "{\"lastname\":\"Later\"}", UUID.randomUUID().toString());
    await().atMost(Duration.ofSeconds(20)).until(() -> "Later".equals(rest.getForObject("/api/contacts/" + id, JsonNode.class).path("lastname").asText()));
    assertThat(rest.getForObject("/api/contacts/" + id, JsonNode.class).get("firstname").asText()).isEqualTo("First");
  }

  @Test
  void aPoisonMessageGoesToTheDeadLetterTopicAndTheConsumerGoesOn() throws Exception {
    String poisonKey = unique("poison");
    send(poisonKey, "{this is not json", null);
    String after = unique("after-poison");
    send(after, "{\"firstname\":\"Fine\"}", null);

    ConsumerRecord<String, String> dead = consumeUntil(Topics.deadLetter(Topics.CONTACTS), r -> poisonKey.equals(r.key()));
    assertThat(dead.value()).isEqualTo("{this is not json");
    String error = new String(dead.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8);
    assertThat(error).contains("not a contact");
    await().atMost(Duration.ofSeconds(20)).until(() -> rest.getForEntity("/api/contacts/" + after, JsonNode.class).getStatusCode().is2xxSuccessful());
  }

  private void send(String key, String value, String eventId) throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CONTACTS, key, value);
    if (eventId != null) {
      record.headers().add("pulse-event-id", eventId.getBytes(StandardCharsets.UTF_8));
    }
    kafka.send(record).get();
  }
}
