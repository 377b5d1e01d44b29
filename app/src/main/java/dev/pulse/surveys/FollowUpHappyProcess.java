package dev.pulse.surveys;

/** What the code names in {@code processes/follow-up-happy.bpmn} (see {@link SurveyLifecycleProcess}). */
public final class FollowUpHappyProcess {

  public static final String ID = "follow-up-happy";

  public static final String JOB_SEND_THANK_YOU = "send-thank-you";

  private FollowUpHappyProcess() {}
}
