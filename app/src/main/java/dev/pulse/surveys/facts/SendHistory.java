package dev.pulse.surveys.facts;

/** A survey sent to a contact earlier, and whether it was answered. */
public class SendHistory {

  private String contactId;
  private String surveyId;
  private java.time.Instant sentAt;
  private java.time.Instant answeredAt;

  public SendHistory() {}

  public SendHistory(String contactId, String surveyId, java.time.Instant sentAt, java.time.Instant answeredAt) {
    this.contactId = contactId;
    this.surveyId = surveyId;
    this.sentAt = sentAt;
    this.answeredAt = answeredAt;
  }

  public String getContactId() {
    return contactId;
  }

  public void setContactId(String contactId) {
    this.contactId = contactId;
  }

  public String getSurveyId() {
    return surveyId;
  }

  public void setSurveyId(String surveyId) {
    this.surveyId = surveyId;
  }

  public java.time.Instant getSentAt() {
    return sentAt;
  }

  public void setSentAt(java.time.Instant sentAt) {
    this.sentAt = sentAt;
  }

  public java.time.Instant getAnsweredAt() {
    return answeredAt;
  }

  public void setAnsweredAt(java.time.Instant answeredAt) {
    this.answeredAt = answeredAt;
  }

  @Override
  public String toString() {
    return "SendHistory[" + "contactId=" + contactId + ", " + "surveyId=" + surveyId + ", " + "sentAt=" + sentAt + ", " + "answeredAt=" + answeredAt + "]";
  }
}
