/**
 * Contacts, companies, deals, tickets and lists.
 */
@org.springframework.modulith.ApplicationModule(displayName = "CRM", allowedDependencies = {"platform", "platform :: *", "processes", "privacy"})
package dev.pulse.crm;
