package dev.pulse.platform.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) on loopback, its log kept
 * under {@code dir} so records and committed offsets survive a restart.
 */
final class EmbeddedKafkaServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaServer.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafkaServer(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  static EmbeddedKafkaServer start(Path dir, String host, int port, int controllerPort)
      throws Exception {
    Files.createDirectories(dir);
    Ports.requireFree(host, port, "Kafka broker", "pulse.runtime.embedded.kafka.port");
    Ports.requireFree(
        host, controllerPort, "Kafka controller", "pulse.runtime.embedded.kafka.controller-port");
    Map<String, Object> props = config(dir, host, port, controllerPort);
    KafkaConfig config = new KafkaConfig(props, false);
    if (!Files.exists(dir.resolve("meta.properties"))) {
      format(dir);
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    String bootstrap = host + ":" + port;
    LOG.info("Embedded Kafka broker up at {} (log in {})", bootstrap, dir);
    return new EmbeddedKafkaServer(server, bootstrap);
  }

  private static void format(Path dir) throws Exception {
    String clusterId = Uuid.randomUuid().toString();
    new Formatter()
        .setNodeId(NODE_ID)
        .setClusterId(clusterId)
        .setDirectories(List.of(dir.toString()))
        .setMetadataLogDirectory(dir.toString())
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setSupportedFeatures(Features.PRODUCTION_FEATURES)
        .setControllerListenerName(CONTROLLER_LISTENER)
        .setPrintStream(System.out)
        .run();
    LOG.info("Formatted Kafka storage in {} (cluster {})", dir, clusterId);
  }

  private static Map<String, Object> config(Path dir, String host, int port, int controllerPort) {
    Map<String, Object> p = new TreeMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("log.dirs", dir.toString());
    p.put("metadata.log.dir", dir.toString());
    p.put("num.partitions", "3");
    p.put("default.replication.factor", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("min.insync.replicas", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    // the default 128 MB dedupe buffer is most of the broker's heap; compacted topics here are tiny
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    p.put("log.flush.interval.messages", "1");
    p.put("controlled.shutdown.enable", "true");
    p.put("server.max.startup.time.ms", "120000");
    return p;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
