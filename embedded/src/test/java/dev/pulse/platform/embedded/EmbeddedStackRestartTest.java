package dev.pulse.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded stack's data is real data: PostgreSQL rows and Kafka records and committed
 * consumer offsets survive a clean stop and start, and a SIGKILL of the JVM leaves nothing that
 * stops the next start (the orphaned postmaster is stopped, Kafka recovers its log).
 */
class EmbeddedStackRestartTest {

  private static final String TOPIC = "restart-check";
  private static final String GROUP = "restart-group";

  static EmbeddedSettings settings(Path dataDir, int pgPort, int kafkaPort, int controllerPort) {
    return new EmbeddedSettings(dataDir, "127.0.0.1", true, pgPort, "pulse", true, kafkaPort, controllerPort, false, 0, false, 0, 128, 1000, false);
  }

  private static EmbeddedSettings freshSettings(Path dir) {
    return settings(dir, Ports.resolve(0), Ports.resolve(0), Ports.resolve(0));
  }

  @Test
  void rowsRecordsAndCommittedOffsetsSurviveStopAndStart(@TempDir Path dir) throws Exception {
    EmbeddedSettings settings = freshSettings(dir);

    EmbeddedStack first = EmbeddedStack.start(settings);
    try {
      String url = jdbcUrl(first);
      sql(url, "CREATE TABLE survivor (id INT PRIMARY KEY, note TEXT)");
      sql(url, "INSERT INTO survivor VALUES (1, 'one'), (2, 'two'), (3, 'three')");
      assertThat(query(url, "SHOW fsync")).isEqualTo("on");
      assertThat(query(url, "SHOW synchronous_commit")).isEqualTo("on");
      assertThat(query(url, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
      // locked down: no trust, a generated password only the owner can read
      String plain = (String) first.properties().get("spring.datasource.url");
      assertThatThrownBy(() -> DriverManager.getConnection(plain, "postgres", "")).hasMessageContaining("password");
      assertThatThrownBy(() -> DriverManager.getConnection(plain, "postgres", "postgres")).hasMessageContaining("password authentication failed");
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.postgresPasswordFile()))).isEqualTo("rw-------");
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.postgresPasswordFile().getParent()))).isEqualTo("rwx------");
      assertThat(Files.readAllLines(settings.postgresDir().resolve("pg_hba.conf")).stream().filter(l -> !l.startsWith("#")).anyMatch(l -> l.matches(".*\\btrust\\s*$"))).isFalse();

      String bootstrap = bootstrap(first);
      createTopic(bootstrap);
      produce(bootstrap, 5);
      assertThat(consumeAndCommit(bootstrap, GROUP, 3)).hasSize(3);
    } finally {
      first.stop();
    }

    EmbeddedStack second = EmbeddedStack.start(settings);
    try {
      String url = jdbcUrl(second);
      assertThat(query(url, "SELECT string_agg(note, ',' ORDER BY id) FROM survivor")).isEqualTo("one,two,three");

      String bootstrap = bootstrap(second);
      assertThat(committedOffset(bootstrap, GROUP)).isEqualTo(3);
      assertThat(endOffset(bootstrap)).isEqualTo(5);
      // the group goes on where it stopped: the two records it had not read yet
      assertThat(consumeAndCommit(bootstrap, GROUP, 2)).extracting(ConsumerRecord::value).containsExactly("value-3", "value-4");
    } finally {
      second.stop();
    }
  }

  @Test
  void aSigkilledServerLeavesNothingThatBlocksTheNextStart(@TempDir Path dir) throws Exception {
    EmbeddedSettings settings = freshSettings(dir);
    Process child = startStackProcess(settings);
    long postmasterPid;
    try {
      String url = "jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/pulse?user=postgres&password="
          + Files.readString(settings.postgresPasswordFile()).trim();
      sql(url, "CREATE TABLE before_crash (id INT PRIMARY KEY)");
      sql(url, "INSERT INTO before_crash VALUES (42)");
      String bootstrap = "127.0.0.1:" + settings.kafkaPort();
      createTopic(bootstrap);
      produce(bootstrap, 4);
      postmasterPid = Long.parseLong(Files.readAllLines(settings.postgresDir().resolve("postmaster.pid")).get(0).trim());
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive))
        .as("the postmaster outlives the killed JVM")
        .contains(true);

    EmbeddedStack restarted = EmbeddedStack.start(settings);
    try {
      assertThat(query(jdbcUrl(restarted), "SELECT count(*) FROM before_crash WHERE id = 42")).isEqualTo("1");
      assertThat(endOffset(bootstrap(restarted))).isEqualTo(4);
      assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive)).as("the orphan was stopped").isNotEqualTo(Optional.of(true));
    } finally {
      restarted.stop();
    }
  }

  private static Process startStackProcess(EmbeddedSettings s) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                javaBin,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                StackProcessMain.class.getName(),
                s.dataDir().toString(),
                String.valueOf(s.postgresPort()),
                String.valueOf(s.kafkaPort()),
                String.valueOf(s.kafkaControllerPort()))
            .redirectErrorStream(true)
            .start();
    CountDownLatch ready = new CountDownLatch(1);
    List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  output.add(line);
                  if (line.equals("READY")) {
                    ready.countDown();
                  }
                }
              } catch (java.io.IOException e) {
                // the process was killed
              }
            },
            "stack-process-output");
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the stack process did not become ready:\n" + String.join("\n", output));
    }
    return process;
  }

  private static String jdbcUrl(EmbeddedStack stack) {
    return stack.properties().get("spring.datasource.url") + "?user=postgres&password=" + stack.properties().get("spring.datasource.password");
  }

  private static String bootstrap(EmbeddedStack stack) {
    return (String) stack.properties().get("spring.kafka.bootstrap-servers");
  }

  private static void sql(String url, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static String query(String url, String select) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(select)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void createTopic(String bootstrap) throws Exception {
    try (AdminClient admin = admin(bootstrap)) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static void produce(String bootstrap, int count) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i)).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static List<ConsumerRecord<String, String>> consumeAndCommit(String bootstrap, String group, int count) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<ConsumerRecord<String, String>> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (read.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          read.add(record);
          consumer.commitSync(Map.of(new TopicPartition(TOPIC, record.partition()), new OffsetAndMetadata(record.offset() + 1)));
        }
      }
    }
    return read;
  }

  private static long committedOffset(String bootstrap, String group) throws Exception {
    try (AdminClient admin = admin(bootstrap)) {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
          .get(new TopicPartition(TOPIC, 0))
          .offset();
    }
  }

  private static long endOffset(String bootstrap) throws Exception {
    try (AdminClient admin = admin(bootstrap)) {
      TopicPartition tp = new TopicPartition(TOPIC, 0);
      return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS).get(tp).offset();
    }
  }

  private static AdminClient admin(String bootstrap) {
    return AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }
}
