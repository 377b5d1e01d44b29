package dev.pulse.surveys;

/**
 * Everything the Java code names in {@code processes/survey-lifecycle.bpmn}, in one place: the
 * process id, the job types its workers serve, the message it waits for, the element ids
 * reconciliation starts instances at, and the variables the code passes in. {@code
 * ProcessContractTest} reads this class and the BPMN file and fails when they disagree (an
 * element renamed in Modeler, a job type without a worker).
 */
public final class SurveyLifecycleProcess {

  public static final String ID = "survey-lifecycle";

  public static final String JOB_EVALUATE_RECIPIENT = "evaluate-recipient";
  public static final String JOB_RECHECK_RECIPIENT = "recheck-recipient";
  public static final String JOB_SEND_SURVEY = "send-survey";
  public static final String JOB_SEND_REMINDER = "send-reminder";
  public static final String JOB_EXPIRE_DELIVERY = "expire-delivery";
  public static final String JOB_CLASSIFY_RESPONSE = "classify-response";
  public static final String JOB_NOTIFY_TEAM = "notify-team";
  /** The process's end listener: the delivery is done. */
  public static final String JOB_COMPLETE_DELIVERY = "complete-delivery";

  /** A contact answered; correlation key {@link #VARIABLE_DELIVERY_ID}. */
  public static final String MESSAGE_SURVEY_RESPONSE = "survey-response";

  /** Where reconciliation and a served web survey start an instance again. */
  public static final String GATEWAY_HAS_DELAY = "Gateway_HasDelay";
  public static final String GATEWAY_AWAIT_ANSWER = "Gateway_AwaitAnswer";
  public static final String GATEWAY_AWAIT_ANSWER_AFTER_REMINDER = "Gateway_AwaitAnswerAfterReminder";
  public static final String TASK_SEND_REMINDER = "Task_SendReminder";
  public static final String TASK_EXPIRE_DELIVERY = "Task_ExpireDelivery";
  public static final String TASK_CLASSIFY_RESPONSE = "Task_ClassifyResponse";

  /** Start variables (set by enrollment and reconciliation). */
  public static final String VARIABLE_DELIVERY_ID = "deliveryId";
  public static final String VARIABLE_SURVEY_ID = "surveyId";
  public static final String VARIABLE_CONTACT_ID = "contactId";
  public static final String VARIABLE_DELAY = "delay";
  public static final String VARIABLE_REMINDER_AFTER = "reminderAfter";
  public static final String VARIABLE_EXPIRE_AFTER_REMINDER = "expireAfterReminder";
  /** Brought by {@link #MESSAGE_SURVEY_RESPONSE} (and set by reconciliation when it resumes an answered delivery). */
  public static final String VARIABLE_RESPONSE_ID = "responseId";
  public static final String VARIABLE_SCORE = "score";
  /** Output of classify-response: the survey's own follow-up process for the bucket, or none. */
  public static final String VARIABLE_FOLLOW_UP_PROCESS_ID = "followUpProcessId";

  private SurveyLifecycleProcess() {}
}
