/**
 * The admin console and the agent inbox pages (static files served at /console and /inbox).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Console", allowedDependencies = {})
package dev.pulse.console;
