/**
 * Chatflows and targeting: which chat or web survey a visitor sees, decided by the targeting rules.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Chatflows", allowedDependencies = {"conversations", "conversations :: facts", "crm", "platform", "platform :: *", "rules", "rules :: facts", "surveys"})
package dev.pulse.chatflows;
