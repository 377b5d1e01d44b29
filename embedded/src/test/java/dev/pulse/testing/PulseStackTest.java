package dev.pulse.testing;

import static org.awaitility.Awaitility.await;

import dev.pulse.PulseApplication;
import dev.pulse.platform.embedded.EmbeddedStack;
import dev.pulse.platform.embedded.EmbeddedStackInitializer;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Base of every test that runs the whole application: the real Zeebe engine, PostgreSQL and
 * Kafka (embedded here; a subclass may point PostgreSQL and Kafka at Testcontainers instead), and
 * the REST API on a random port. The stack starts once per JVM and per configuration.
 *
 * <p>Subclasses add no configuration of their own (no properties, imports or mock beans): every
 * extra configuration would be one more application context on the same stack, with its own job
 * workers, Kafka consumers and outbox relay competing with the first one's for the same jobs and
 * records. A test that needs other rules edits {@link TestStack#rulesDir()} and restores it.
 */
@SpringBootTest(classes = PulseApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FoundationWorkers.class)
public abstract class PulseStackTest {

  static {
    TestStack.configure();
  }

  @Autowired protected TestRestTemplate rest;
  @Autowired protected JdbcTemplate jdbc;
  @Autowired protected Environment env;
  @Autowired protected ApplicationContext context;

  protected EmbeddedStack stack() {
    return context.getBean(EmbeddedStackInitializer.STACK_BEAN, EmbeddedStack.class);
  }

  /** POSTs a JSON body. */
  protected ResponseEntity<JsonNode> postJson(String path, String body) {
    return rest.postForEntity(path, jsonEntity(body), JsonNode.class);
  }

  /** PUTs a JSON body. */
  protected ResponseEntity<JsonNode> putJson(String path, String body) {
    return rest.exchange(path, HttpMethod.PUT, jsonEntity(body), JsonNode.class);
  }

  protected static HttpEntity<String> jsonEntity(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  /** A consumer of the embedded broker assigned to every partition of {@code topic}, at the start (the caller closes it). */
  protected KafkaConsumer<String, String> consumerFromTheBeginning(String topic) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.getRequiredProperty("spring.kafka.bootstrap-servers"),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
    List<TopicPartition> partitions = new ArrayList<>();
    consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  /** Every record the embedded engine has written so far, oldest first. */
  protected Stream<Record<?>> engineRecords() {
    return stack().zeebe().records(0).stream();
  }

  /** How many times an element of this instance was entered (0: never). */
  protected long timesActivated(long processInstanceKey, String elementId) {
    return engineRecords()
        .filter(r -> r.getValueType() == ValueType.PROCESS_INSTANCE && r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED)
        .map(r -> (ProcessInstanceRecordValue) r.getValue())
        .filter(v -> v.getProcessInstanceKey() == processInstanceKey && v.getElementId().equals(elementId))
        .count();
  }

  /** The engine's own record of an instance's end (works while the engine is embedded). */
  protected boolean processCompleted(long processInstanceKey) {
    return engineRecords()
        .filter(r -> r.getValueType() == ValueType.PROCESS_INSTANCE)
        .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
        .map(r -> (ProcessInstanceRecordValue) r.getValue())
        .anyMatch(v -> v.getBpmnElementType() == BpmnElementType.PROCESS && v.getProcessInstanceKey() == processInstanceKey);
  }

  /** The last value (JSON) the engine recorded for a variable of this instance. */
  protected Optional<String> variableOf(long processInstanceKey, String name) {
    return engineRecords()
        .filter(r -> r.getValueType() == ValueType.VARIABLE)
        .map(r -> (VariableRecordValue) r.getValue())
        .filter(v -> v.getProcessInstanceKey() == processInstanceKey && v.getName().equals(name))
        .map(VariableRecordValue::getValue)
        .reduce((first, last) -> last);
  }

  protected void awaitProcessCompleted(long processInstanceKey) {
    await("process instance " + processInstanceKey + " completed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> processCompleted(processInstanceKey));
  }

  /** Reads {@code topic} from the beginning until a record matches, or fails after 30 s. */
  protected ConsumerRecord<String, String> consumeUntil(String topic, Predicate<ConsumerRecord<String, String>> match) {
    try (KafkaConsumer<String, String> consumer = consumerFromTheBeginning(topic)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        Optional<ConsumerRecord<String, String>> found =
            StreamSupport.stream(consumer.poll(Duration.ofMillis(500)).spliterator(), false).filter(match).findFirst();
        if (found.isPresent()) {
          return found.get();
        }
      }
    }
    throw new AssertionError("no matching record on " + topic + " within 30 s");
  }
}
