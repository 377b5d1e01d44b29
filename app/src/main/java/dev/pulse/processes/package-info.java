/**
 * BPMN deployment, the scenario gate, process start and messages over REST.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Processes", allowedDependencies = {"platform", "platform :: *", "rules"})
package dev.pulse.processes;
