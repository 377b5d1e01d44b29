/**
 * The chat widget: sites, visitor sessions, live chat, the chat survey and web surveys on a customer's pages.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Widget", allowedDependencies = {"chatflows", "conversations", "platform", "platform :: *", "surveys"})
package dev.pulse.widget;
