package dev.pulse;

/** The foundation scenarios against the embedded stack: Zeebe, PostgreSQL and Kafka in-process. */
class EmbeddedFoundationTest extends FoundationScenarios {}
