package dev.pulse.conversations;

import dev.pulse.crm.TicketJobs;

/**
 * Everything the Java code names in {@code processes/conversation.bpmn}, in one place: the process
 * id, the job types its workers serve, the messages the code publishes to it, the element ids
 * reconciliation starts instances at, and the variables the code passes in. {@code
 * ProcessContractTest} reads this class and the BPMN file and fails when they disagree.
 */
public final class ConversationProcess {

  public static final String ID = "conversation";

  public static final String JOB_ROUTE_CONVERSATION = "route-conversation";
  public static final String JOB_CREATE_TICKET = TicketJobs.CREATE_TICKET;
  public static final String JOB_CHECK_FIRST_RESPONSE = "check-first-response";
  public static final String JOB_CHECK_NEXT_RESPONSE = "check-next-response";
  public static final String JOB_CHECK_SILENCE = "check-silence";
  public static final String JOB_SEND_CHAT_SURVEY = "send-chat-survey";

  /** All correlated by {@link #VARIABLE_CONVERSATION_ID}. */
  public static final String MESSAGE_CUSTOMER_WROTE = "customer-wrote";
  public static final String MESSAGE_AGENT_AVAILABLE = "agent-available";
  public static final String MESSAGE_ASSIGNEE_AWAY = "assignee-away";
  public static final String MESSAGE_ASSIGNEE_CHANGED = "assignee-changed";
  public static final String MESSAGE_ASSIGNEE_SILENT = "assignee-silent";
  public static final String MESSAGE_CONVERSATION_CLOSED = "conversation-closed";

  /** Where reconciliation starts an instance again. */
  public static final String TASK_ROUTE_CONVERSATION = "Task_RouteConversation";
  public static final String TASK_AWAIT_CLOSE = "Task_AwaitClose";

  /** Start variables (set when a conversation opens and by reconciliation). */
  public static final String VARIABLE_CONVERSATION_ID = "conversationId";
  public static final String VARIABLE_INBOX_ID = "inboxId";
  public static final String VARIABLE_CHAT_SURVEY_ID = "chatSurveyId";
  public static final String VARIABLE_FIRST_RESPONSE_DUE = "firstResponseDue";
  /** The inbox's settings, when it has them (the BPMN has defaults). */
  public static final String VARIABLE_REROUTE_AFTER = "rerouteAfter";
  public static final String VARIABLE_QUEUE_RETRY = "queueRetry";

  /** Brought by {@link #MESSAGE_CUSTOMER_WROTE}. */
  public static final String VARIABLE_CUSTOMER_MESSAGE_AT = "customerMessageAt";
  public static final String VARIABLE_NEXT_RESPONSE_DUE = "nextResponseDue";

  private ConversationProcess() {}
}
