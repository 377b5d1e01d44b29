package dev.pulse.surveys.facts;

import java.time.Instant;

/** What a visitor has seen of a web survey: when it was last shown, and whether they answered it. */
public class VisitorHistory {

  private String visitorId;
  private String surveyId;
  private Instant lastShownAt;
  private boolean answered;

  public VisitorHistory() {}

  public VisitorHistory(String visitorId, String surveyId, Instant lastShownAt, boolean answered) {
    this.visitorId = visitorId;
    this.surveyId = surveyId;
    this.lastShownAt = lastShownAt;
    this.answered = answered;
  }

  /** Shown after {@code since} (exclusive). */
  public boolean shownSince(Instant since) {
    return lastShownAt != null && lastShownAt.isAfter(since);
  }

  public String getVisitorId() {
    return visitorId;
  }

  public void setVisitorId(String visitorId) {
    this.visitorId = visitorId;
  }

  public String getSurveyId() {
    return surveyId;
  }

  public void setSurveyId(String surveyId) {
    this.surveyId = surveyId;
  }

  public Instant getLastShownAt() {
    return lastShownAt;
  }

  public void setLastShownAt(Instant lastShownAt) {
    this.lastShownAt = lastShownAt;
  }

  public boolean isAnswered() {
    return answered;
  }

  public void setAnswered(boolean answered) {
    this.answered = answered;
  }

  @Override
  public String toString() {
    return "VisitorHistory[visitorId=" + visitorId + ", surveyId=" + surveyId + ", lastShownAt=" + lastShownAt + ", answered=" + answered + "]";
  }
}
