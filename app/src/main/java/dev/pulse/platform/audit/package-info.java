/** The audit log every feature writes its administrative actions to. */
@org.springframework.modulith.NamedInterface("audit")
package dev.pulse.platform.audit;
