package dev.pulse.surveys;

import dev.pulse.crm.TicketJobs;

/** What the code names in {@code processes/follow-up-unhappy.bpmn} (see {@link SurveyLifecycleProcess}). */
public final class FollowUpUnhappyProcess {

  public static final String ID = "follow-up-unhappy";

  public static final String JOB_CREATE_TICKET = TicketJobs.CREATE_TICKET;
  public static final String JOB_ESCALATE_TICKET = TicketJobs.ESCALATE_TICKET;

  public static final String MESSAGE_TICKET_CLOSED = TicketJobs.TICKET_CLOSED;

  private FollowUpUnhappyProcess() {}
}
