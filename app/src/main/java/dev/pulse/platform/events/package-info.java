/** The outbox and the Kafka topics: how a feature publishes and consumes events. */
@org.springframework.modulith.NamedInterface("events")
package dev.pulse.platform.events;
