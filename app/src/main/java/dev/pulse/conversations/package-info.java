/**
 * Inboxes, channels, agents and conversations: messages in, routing by the assignment rules, the conversation process, tickets, chat surveys.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Conversations", allowedDependencies = {"crm", "platform", "platform :: *", "processes", "rules", "rules :: facts", "surveys", "privacy"})
package dev.pulse.conversations;
