/** The embedded Zeebe engine: its record log, read by the monitoring projection. */
@org.springframework.modulith.NamedInterface("engine")
package dev.pulse.platform.embedded.engine;
