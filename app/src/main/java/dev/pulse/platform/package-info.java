/**
 * The platform: what every feature builds on (HTTP conventions, events, security, audit, the
 * analysts' folders, the embedded runtime), each sub-package a named interface. It depends on no
 * feature.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform", allowedDependencies = {})
package dev.pulse.platform;
