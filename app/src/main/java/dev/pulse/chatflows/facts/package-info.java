/** The facts and decisions of the rules this feature decides with: it builds them, the DRL files match them. */
@org.springframework.modulith.NamedInterface("facts")
package dev.pulse.chatflows.facts;
