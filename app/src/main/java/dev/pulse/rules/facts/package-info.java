/** The facts and decisions the rule bases take and give: the features build them, the DRL files match them. */
@org.springframework.modulith.NamedInterface("facts")
package dev.pulse.rules.facts;
