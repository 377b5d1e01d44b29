/** The embedded runtime (engine, PostgreSQL, Kafka) for the default run and the tests. */
@org.springframework.modulith.NamedInterface("embedded")
package dev.pulse.platform.embedded;
