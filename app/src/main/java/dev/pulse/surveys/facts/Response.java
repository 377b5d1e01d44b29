package dev.pulse.surveys.facts;

/** An answer to a survey: its type (CSAT, NPS, CES) and score. */
public class Response {

  private String id;
  private SurveyType surveyType;
  private int score;

  public Response() {}

  public Response(String id, SurveyType surveyType, int score) {
    this.id = id;
    this.surveyType = surveyType;
    this.score = score;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public SurveyType getSurveyType() {
    return surveyType;
  }

  public void setSurveyType(SurveyType surveyType) {
    this.surveyType = surveyType;
  }

  public int getScore() {
    return score;
  }

  public void setScore(int score) {
    this.score = score;
  }

  @Override
  public String toString() {
    return "Response[" + "id=" + id + ", " + "surveyType=" + surveyType + ", " + "score=" + score + "]";
  }
}
