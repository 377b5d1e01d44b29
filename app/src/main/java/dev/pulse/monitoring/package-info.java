/**
 * Process instances, incidents and repair: the projection of the engine and the Camunda search API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Monitoring", allowedDependencies = {"platform", "platform :: *", "processes", "privacy"})
package dev.pulse.monitoring;
