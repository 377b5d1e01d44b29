package dev.pulse.surveys.facts;

/** How a chat conversation went, for chat-survey quality rules. */
public class ConversationSummary {

  private String contactId;
  private String conversationId;
  private boolean agentReplied;
  private boolean customerWrote;
  private boolean autoClosed;

  public ConversationSummary() {}

  public String getContactId() {
    return contactId;
  }

  public void setContactId(String contactId) {
    this.contactId = contactId;
  }

  public String getConversationId() {
    return conversationId;
  }

  public void setConversationId(String conversationId) {
    this.conversationId = conversationId;
  }

  public boolean isAgentReplied() {
    return agentReplied;
  }

  public void setAgentReplied(boolean agentReplied) {
    this.agentReplied = agentReplied;
  }

  public boolean isCustomerWrote() {
    return customerWrote;
  }

  public void setCustomerWrote(boolean customerWrote) {
    this.customerWrote = customerWrote;
  }

  public boolean isAutoClosed() {
    return autoClosed;
  }

  public void setAutoClosed(boolean autoClosed) {
    this.autoClosed = autoClosed;
  }

  @Override
  public String toString() {
    return "ConversationSummary[" + "contactId=" + contactId + ", " + "conversationId=" + conversationId + ", " + "agentReplied=" + agentReplied + ", " + "customerWrote=" + customerWrote + ", " + "autoClosed=" + autoClosed + "]";
  }
}
