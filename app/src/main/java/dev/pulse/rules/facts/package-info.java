/**
 * The facts and decisions several features' rules share (the time, the contact, the visit, show
 * and hide); each feature's own are in its {@code facts} package, given to the rules through
 * {@link dev.pulse.rules.RuleFacts}.
 */
@org.springframework.modulith.NamedInterface("facts")
package dev.pulse.rules.facts;
