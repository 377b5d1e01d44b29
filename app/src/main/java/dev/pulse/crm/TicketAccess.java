package dev.pulse.crm;

/**
 * Whether an agent may work a ticket it does not own: the feature that opened the ticket knows
 * (a conversation's ticket goes with the conversation). Implemented by that feature, so the CRM
 * does not reach into its tables.
 */
public interface TicketAccess {

  /** True when the ticket came from {@code sourceKey} and the agent works that source. */
  boolean agentMayWork(String agentId, String sourceKey);
}
