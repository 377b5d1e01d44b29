package dev.pulse.chatflows.facts;

/** Working fact of the targeting rules: this chatflow's page rules hold on the visited page, and how. */
public class PageMatch {

  private final String flowId;
  private final String how;

  public PageMatch(String flowId, String how) {
    this.flowId = flowId;
    this.how = how;
  }

  public String getFlowId() {
    return flowId;
  }

  public String getHow() {
    return how;
  }

  @Override
  public String toString() {
    return "PageMatch[flowId=" + flowId + ", how=" + how + "]";
  }
}
