/** HTTP conventions every feature uses: problem+json, strict JSON input, the public endpoints' guard. */
@org.springframework.modulith.NamedInterface("web")
package dev.pulse.platform.web;
