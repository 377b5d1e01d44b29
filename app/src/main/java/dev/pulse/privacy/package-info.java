/**
 * The right to erasure and retention of personal data.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Privacy", allowedDependencies = {"platform", "platform :: *"})
package dev.pulse.privacy;
