package dev.pulse.surveys.facts;

import dev.pulse.rules.facts.Decision;

/** Decision: the score is outside its survey type's scale. */
public class InvalidScore extends Decision {

  private String responseId;
  private String reason;

  public InvalidScore() {}

  public InvalidScore(String responseId, String reason) {
    this.responseId = responseId;
    this.reason = reason;
  }

  public String getResponseId() {
    return responseId;
  }

  public void setResponseId(String responseId) {
    this.responseId = responseId;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  @Override
  public String toString() {
    return "InvalidScore[" + "responseId=" + responseId + ", " + "reason=" + reason + "]";
  }
}
