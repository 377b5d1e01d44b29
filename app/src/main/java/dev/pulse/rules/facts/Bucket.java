package dev.pulse.rules.facts;

/** Decision: the bucket (UNHAPPY, NEUTRAL, HAPPY) an answer falls in. */
public class Bucket extends Decision {

  private String responseId;
  private String bucket;

  public Bucket() {}

  public Bucket(String responseId, String bucket) {
    this.responseId = responseId;
    this.bucket = bucket;
  }

  public String getResponseId() {
    return responseId;
  }

  public void setResponseId(String responseId) {
    this.responseId = responseId;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  @Override
  public String toString() {
    return "Bucket[" + "responseId=" + responseId + ", " + "bucket=" + bucket + "]";
  }
}
