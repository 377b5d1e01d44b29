/** API keys, roles and the caller of a request. */
@org.springframework.modulith.NamedInterface("security")
package dev.pulse.platform.security;
