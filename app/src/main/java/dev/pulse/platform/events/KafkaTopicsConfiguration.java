package dev.pulse.platform.events;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** Creates Pulse's topics and their dead-letter topics on start (Spring's KafkaAdmin). */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfiguration {

  @Bean
  KafkaAdmin.NewTopics pulseTopics(
      @Value("${pulse.kafka.partitions:3}") int partitions,
      @Value("${pulse.kafka.replication-factor:1}") short replicationFactor) {
    List<NewTopic> topics = new ArrayList<>();
    for (String topic : Topics.ALL) {
      topics.add(TopicBuilder.name(topic).partitions(partitions).replicas(replicationFactor).build());
      topics.add(
          TopicBuilder.name(Topics.deadLetter(topic))
              .partitions(partitions)
              .replicas(replicationFactor)
              .build());
    }
    return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
  }
}
