/**
 * Rule bases: loading, validation, hot reload, the scenario gate, traces; its facts are a named interface.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Rules", allowedDependencies = {"platform", "platform :: *"})
package dev.pulse.rules;
