package dev.pulse.crm;

/**
 * What a process uses to open and follow a ticket, whichever process it is (an unhappy survey
 * follow-up, a conversation): the job types {@link TicketWorkers} serves and the message a closed
 * ticket publishes. The processes' constants classes name these, so each process still lists, in
 * one place, everything its BPMN file must contain.
 */
public final class TicketJobs {

  /** Opens the ticket keyed by {@code ticketSourceKey} (once), outputs {@code ticketId}. */
  public static final String CREATE_TICKET = "create-ticket";
  /** Raises an open ticket to URGENT, once. */
  public static final String ESCALATE_TICKET = "escalate-ticket";
  /** Published when a ticket is closed, correlated by {@code ticketId}. */
  public static final String TICKET_CLOSED = "ticket-closed";

  private TicketJobs() {}
}
