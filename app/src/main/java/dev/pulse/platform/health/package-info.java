/** Health indicators. */
@org.springframework.modulith.NamedInterface("health")
package dev.pulse.platform.health;
