package dev.pulse.platform.events;

import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How Pulse consumes: in batches, with bounded retries and back-off, then the record goes to
 * {@code <topic>.DLT} with the error in its headers and the consumer goes on. Records that can
 * never succeed ({@link InvalidMessage}) skip the retries.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfiguration {

  static final String BATCH_FACTORY = "pulseBatchListenerFactory";

  @Bean
  DefaultErrorHandler pulseErrorHandler(
      KafkaTemplate<String, String> template,
      @Value("${pulse.kafka.consumer.retries:3}") int retries,
      @Value("${pulse.kafka.consumer.initial-backoff:500ms}") java.time.Duration initialBackoff) {
    DeadLetterPublishingRecoverer deadLetters =
        new DeadLetterPublishingRecoverer(template, (record, e) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
    ExponentialBackOff backOff = new ExponentialBackOff(initialBackoff.toMillis(), 2.0);
    backOff.setMaxAttempts(retries);
    DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
    handler.addNotRetryableExceptions(InvalidMessage.class);
    return handler;
  }

  @Bean(BATCH_FACTORY)
  ConcurrentKafkaListenerContainerFactory<Object, Object> pulseBatchListenerFactory(
      ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
      ConsumerFactory<Object, Object> consumerFactory,
      DefaultErrorHandler pulseErrorHandler) {
    ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
    configurer.configure(factory, consumerFactory);
    factory.setBatchListener(true);
    factory.setCommonErrorHandler(pulseErrorHandler);
    return factory;
  }
}
