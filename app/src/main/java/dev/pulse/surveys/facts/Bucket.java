package dev.pulse.surveys.facts;

import dev.pulse.rules.facts.Decision;

/** Decision: the bucket (UNHAPPY, NEUTRAL, HAPPY) an answer falls in. */
public class Bucket extends Decision {

  private String responseId;
  private ScoreBucket bucket;

  public Bucket() {}

  public Bucket(String responseId, ScoreBucket bucket) {
    this.responseId = responseId;
    this.bucket = bucket;
  }

  public String getResponseId() {
    return responseId;
  }

  public void setResponseId(String responseId) {
    this.responseId = responseId;
  }

  public ScoreBucket getBucket() {
    return bucket;
  }

  public void setBucket(ScoreBucket bucket) {
    this.bucket = bucket;
  }

  @Override
  public String toString() {
    return "Bucket[" + "responseId=" + responseId + ", " + "bucket=" + bucket + "]";
  }
}
