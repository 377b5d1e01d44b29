package dev.pulse.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.platform.events.Topics;
import dev.pulse.testing.PulseStackTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.engine.SourceOfRandomness;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Property: whatever arrives at a public or ingest endpoint or an input topic — broken JSON,
 * wrong types, missing and unknown fields, huge values, the wrong content type — Pulse answers
 * with a 4xx problem+json (or accepts it, when the mutation happens to be valid), never a 5xx, and
 * a refused request writes nothing; a record an input topic cannot apply lands in its .DLT and the
 * consumer goes on. The inputs come from jqwik generators driven by a fixed seed, so a failure
 * names the payload and replays the same way.
 */
class MalformedInputPropertyTest extends PulseStackTest {

  private static final long SEED = Long.getLong("pulse.fuzz.seed", 20261122L); // -Dpulse.fuzz.seed=N tries other inputs
  private static final int TRIES_PER_ENDPOINT = 30;
  private static final int RECORDS_PER_TOPIC = 12;

  @Autowired KafkaTemplate<String, String> kafka;
  private final ObjectMapper json = new ObjectMapper();
  private final Random random = new Random(SEED);

  /** One endpoint: how to call it, a valid body to mutate, and the tables a refused call must leave alone. */
  private record Endpoint(HttpMethod method, String path, String validBody, List<String> tables) {}

  private List<Endpoint> endpoints(String tag) {
    putJson("/api/inboxes/fz-" + tag, "{\"name\":\"Fuzz\"}");
    putJson("/api/channels/fz-" + tag, "{\"inboxId\":\"fz-" + tag + "\",\"type\":\"FORM\"}");
    return List.of(
        new Endpoint(HttpMethod.POST, "/api/processes/foundation-smoke/instances", "{\"orderId\":\"o-1\"}", List.of()),
        new Endpoint(HttpMethod.POST, "/api/messages", "{\"name\":\"foundation-confirmed\",\"correlationKey\":\"k-" + tag + "\",\"timeToLive\":\"PT1S\",\"variables\":{\"a\":1}}", List.of()),
        new Endpoint(HttpMethod.PUT, "/api/contacts/fz-" + tag, "{\"email\":\"fz@x.test\",\"firstname\":\"F\",\"lifecycleStage\":\"lead\",\"becameCustomerAt\":\"2025-01-01T00:00:00Z\",\"unsubscribed\":false}", List.of("contacts")),
        new Endpoint(HttpMethod.POST, "/api/contacts/batch", "{\"contacts\":[{\"id\":\"fzb-" + tag + "\",\"email\":\"b@x.test\",\"lifecycleStage\":\"lead\"}]}", List.of("contacts")),
        new Endpoint(HttpMethod.PUT, "/api/companies/fz-" + tag, "{\"name\":\"Fuzz Inc\",\"properties\":{\"tier\":\"gold\"}}", List.of("companies")),
        new Endpoint(HttpMethod.POST, "/api/surveys", "{\"name\":\"Fuzz\",\"type\":\"NPS\",\"delivery\":\"EMAIL\",\"delay\":{\"amount\":1,\"unit\":\"HOURS\"}}", List.of("surveys")),
        new Endpoint(HttpMethod.POST, "/api/responses", "{\"token\":\"not-a-token\",\"score\":3,\"comment\":\"c\"}", List.of("responses")),
        new Endpoint(HttpMethod.POST, "/api/channels/fz-" + tag + "/messages", "{\"messageId\":\"fm-1\",\"from\":{\"email\":\"fz-" + tag + "@x.test\"},\"body\":\"hello\"}", List.of("messages", "conversations")),
        new Endpoint(HttpMethod.PUT, "/api/agents/fz-" + tag, "{\"status\":\"offline\",\"capacity\":3,\"teams\":[\"fz\"]}", List.of("agents")),
        new Endpoint(HttpMethod.PUT, "/api/inboxes/fzi-" + tag, "{\"name\":\"Fuzz inbox\",\"routing\":{\"mode\":\"NONE\"}}", List.of("inboxes")),
        new Endpoint(HttpMethod.PUT, "/api/calendars/fz-" + tag, "{\"timeZone\":\"UTC\",\"weekly\":{\"MONDAY\":[{\"from\":\"09:00\",\"to\":\"17:00\"}]},\"holidays\":[\"2026-12-25\"]}", List.of("calendars")),
        new Endpoint(HttpMethod.POST, "/api/rules/scoring/evaluate", "{\"facts\":[{\"Response\":{\"id\":\"r\",\"surveyType\":\"CSAT\",\"score\":3}}]}", List.of()),
        new Endpoint(HttpMethod.POST, "/api/rules/scoring/validate", "{\"files\":[{\"name\":\"x.drl\",\"text\":\"package p\"}]}", List.of("rule_versions")));
  }

  /** A raw JSON token or fragment, valid or not, of the kinds that break parsers and binders. */
  private static Arbitrary<String> junk() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40).map(MalformedInputPropertyTest::quoted),
        Arbitraries.strings().all().ofMaxLength(12),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.of("null", "true", "[]", "{}", "[[[[[]]]]]", "1e999", "-1", "0.5", "-99999999999999999999999999",
            "\"\"", "\"2026-13-45\"", "\"PT-5H\"", "\"../../etc/passwd\"", "\"<script>x</script>\"", "{\"$ne\":1}", "\"\\u0000\""),
        Arbitraries.just(quoted("x".repeat(70_000))));
  }

  private enum Mutation { TRUNCATE, JUNK_FIELD, DROP_FIELD, UNKNOWN_FIELD, JUNK_BODY, WRONG_CONTENT_TYPE }

  @Test
  void everyMalformedRequestIsA4xxProblemAndWritesNothing() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Arbitrary<Mutation> mutations = Arbitraries.of(Mutation.class);
    Arbitrary<String> junk = junk();
    List<Endpoint> endpoints = endpoints(tag);
    int accepted = 0;
    for (Endpoint endpoint : endpoints) {
      for (int i = 0; i < TRIES_PER_ENDPOINT; i++) {
        Mutation mutation = sample(mutations);
        String body = mutate(endpoint.validBody(), mutation, sample(junk));
        MediaType type = mutation == Mutation.WRONG_CONTENT_TYPE ? MediaType.TEXT_PLAIN : MediaType.APPLICATION_JSON;
        Map<String, Integer> before = counts(endpoint.tables());
        ResponseEntity<String> response = call(endpoint, body, type);
        String what = endpoint.method() + " " + endpoint.path() + " (" + mutation + ") " + abbreviated(body)
            + " -> " + response.getStatusCode() + " " + abbreviated(response.getBody());
        assertThat(response.getStatusCode().is5xxServerError()).as(what).isFalse();
        if (response.getStatusCode().is4xxClientError()) {
          assertThat(response.getHeaders().getContentType()).as(what).isNotNull();
          assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).as(what).isTrue();
          assertThat(json.readTree(response.getBody()).path("detail").asText()).as(what).isNotBlank();
          assertThat(counts(endpoint.tables())).as("nothing written by " + what).isEqualTo(before);
        } else {
          accepted++;
        }
      }
    }
    System.out.printf("[malformed-input] %d requests, %d happened to be valid and were accepted%n", TRIES_PER_ENDPOINT * endpoints.size(), accepted);
  }

  @Test
  void thePublicAnswerPageRefusesAnyTokenScoreAndFormWithA4xxPage() {
    Arbitrary<String> tokens = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(120),
        Arbitraries.strings().alpha().numeric().withChars('-', '_', '.').ofMinLength(1).ofMaxLength(200));
    Arbitrary<String> scores = Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf), Arbitraries.strings().ofMaxLength(8), Arbitraries.just(""));
    for (int i = 0; i < TRIES_PER_ENDPOINT * 2; i++) {
      String token = java.net.URLEncoder.encode(sample(tokens), StandardCharsets.UTF_8).replace("+", "%20");
      String score = java.net.URLEncoder.encode(sample(scores), StandardCharsets.UTF_8);
      ResponseEntity<String> page = rest.getForEntity(java.net.URI.create(rest.getRootUri() + "/r/" + token + "?score=" + score), String.class);
      assertThat(page.getStatusCode().is4xxClientError()).as("GET /r/%s?score=%s -> %s", token, score, page.getStatusCode()).isTrue();
      HttpHeaders headers = new HttpHeaders();
      headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
      ResponseEntity<String> form = rest.exchange(java.net.URI.create(rest.getRootUri() + "/r/" + token), HttpMethod.POST,
          new HttpEntity<>("score=" + score + "&comment=" + java.net.URLEncoder.encode(sample(junk()), StandardCharsets.UTF_8) + "&consentProcessing=" + score, headers), String.class);
      assertThat(form.getStatusCode().is4xxClientError()).as("POST /r/%s score=%s -> %s", token, score, form.getStatusCode()).isTrue();
    }
    assertThat(jdbc.queryForObject("SELECT count(*) FROM responses WHERE delivery_id LIKE 'fz%'", Integer.class)).isZero();
  }

  @Test
  void everyRecordAnInputTopicCannotApplyLandsInItsDeadLetterTopic() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Arbitrary<String> junk = junk();
    Arbitrary<Mutation> mutations = Arbitraries.of(Mutation.TRUNCATE, Mutation.JUNK_FIELD, Mutation.DROP_FIELD, Mutation.JUNK_BODY);
    Map<String, String> valid = Map.of(
        Topics.CONTACTS, "{\"email\":\"k@x.test\",\"lifecycleStage\":\"lead\"}",
        Topics.INBOUND_MESSAGES, "{\"channelId\":\"nope\",\"messageId\":\"m\",\"from\":{\"phone\":\"+1\"},\"body\":\"hi\"}",
        Topics.SURVEY_RESPONSES, "{\"score\":3,\"comment\":\"c\"}");
    Map<String, Set<String>> sent = new LinkedHashMap<>();
    for (Map.Entry<String, String> topic : valid.entrySet()) {
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < RECORDS_PER_TOPIC; i++) {
        String key = "fz-" + tag + "-" + i;
        ProducerRecord<String, String> record = new ProducerRecord<>(topic.getKey(), key, mutate(topic.getValue(), sample(mutations), sample(junk)));
        record.headers().add("pulse-event-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        kafka.send(record).get();
        keys.add(key);
      }
      sent.put(topic.getKey(), keys);
    }
    // a contact record that happens to be valid is applied (the contact exists); every other record is dead-lettered
    for (Map.Entry<String, Set<String>> topic : sent.entrySet()) {
      Set<String> expected = new HashSet<>(topic.getValue());
      Set<String> dead = keysOn(Topics.deadLetter(topic.getKey()), expected, Duration.ofSeconds(45), topic.getKey().equals(Topics.CONTACTS));
      if (topic.getKey().equals(Topics.CONTACTS)) {
        expected.removeIf(k -> rest.getForEntity("/api/contacts/" + k, String.class).getStatusCode().is2xxSuccessful());
      }
      assertThat(dead).as("records of %s neither applied nor dead-lettered", topic.getKey()).containsAll(expected);
    }
    // and the consumers go on: a good contact after the junk is applied
    kafka.send(new ProducerRecord<>(Topics.CONTACTS, "fz-after-" + tag, "{\"firstname\":\"After\"}")).get();
    await().atMost(Duration.ofSeconds(30)).until(() -> rest.getForEntity("/api/contacts/fz-after-" + tag, String.class).getStatusCode().is2xxSuccessful());
  }

  /** Seeds jqwik's source of randomness for this thread, so that the samples replay. */
  @BeforeEach
  void seed() {
    SourceOfRandomness.create(String.valueOf(SEED));
  }

  private <T> T sample(Arbitrary<T> arbitrary) {
    return arbitrary.sample();
  }

  private String mutate(String validBody, Mutation mutation, String junk) throws Exception {
    ObjectNode object = (ObjectNode) json.readTree(validBody);
    List<String> fields = new ArrayList<>();
    object.fieldNames().forEachRemaining(fields::add);
    String field = fields.get(random.nextInt(fields.size()));
    return switch (mutation) {
      case TRUNCATE -> validBody.substring(0, random.nextInt(validBody.length()));
      case JUNK_FIELD -> {
        object.put(field, "__JUNK__");
        yield json.writeValueAsString(object).replace("\"__JUNK__\"", junk);
      }
      case DROP_FIELD -> {
        object.remove(field);
        yield json.writeValueAsString(object);
      }
      case UNKNOWN_FIELD -> {
        object.put("fz" + random.nextInt(1000), "__JUNK__");
        yield json.writeValueAsString(object).replace("\"__JUNK__\"", junk);
      }
      case JUNK_BODY -> junk;
      case WRONG_CONTENT_TYPE -> validBody;
    };
  }

  private ResponseEntity<String> call(Endpoint endpoint, String body, MediaType type) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(type);
    return rest.exchange(endpoint.path(), endpoint.method(), new HttpEntity<>(body, headers), String.class);
  }

  private Map<String, Integer> counts(List<String> tables) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String table : tables) {
      counts.put(table, jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class));
    }
    return counts;
  }

  /**
   * The keys of {@code wanted} found on {@code topic} within the timeout; for contacts, a key
   * whose record was applied (the contact exists) stops being waited for.
   */
  private Set<String> keysOn(String topic, Set<String> wanted, Duration timeout, boolean contacts) {
    Set<String> found = new HashSet<>();
    Set<String> waiting = new HashSet<>(wanted);
    try (KafkaConsumer<String, String> consumer = consumerFromTheBeginning(topic)) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline && !waiting.isEmpty()) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (waiting.remove(r.key())) {
            found.add(r.key());
          }
        }
        if (contacts) {
          waiting.removeIf(k -> rest.getForEntity("/api/contacts/" + k, String.class).getStatusCode().is2xxSuccessful());
        }
      }
    }
    return found;
  }

  private static String quoted(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String abbreviated(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 160 ? s.substring(0, 160) + "... (" + s.length() + " chars)" : s;
  }
}
