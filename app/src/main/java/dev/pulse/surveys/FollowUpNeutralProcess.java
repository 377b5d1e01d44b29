package dev.pulse.surveys;

/** What the code names in {@code processes/follow-up-neutral.bpmn}: only its id (it does nothing by default). */
public final class FollowUpNeutralProcess {

  public static final String ID = "follow-up-neutral";

  private FollowUpNeutralProcess() {}
}
