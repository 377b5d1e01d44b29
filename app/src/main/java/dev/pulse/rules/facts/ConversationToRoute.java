package dev.pulse.rules.facts;

/** A conversation waiting for an owner. */
public class ConversationToRoute {

  private String conversationId;
  private String channel;
  private String inboxId;
  private String contactOwnerId;

  public ConversationToRoute() {}

  public String getConversationId() {
    return conversationId;
  }

  public void setConversationId(String conversationId) {
    this.conversationId = conversationId;
  }

  public String getChannel() {
    return channel;
  }

  public void setChannel(String channel) {
    this.channel = channel;
  }

  public String getInboxId() {
    return inboxId;
  }

  public void setInboxId(String inboxId) {
    this.inboxId = inboxId;
  }

  public String getContactOwnerId() {
    return contactOwnerId;
  }

  public void setContactOwnerId(String contactOwnerId) {
    this.contactOwnerId = contactOwnerId;
  }

  @Override
  public String toString() {
    return "ConversationToRoute[" + "conversationId=" + conversationId + ", " + "channel=" + channel + ", " + "inboxId=" + inboxId + ", " + "contactOwnerId=" + contactOwnerId + "]";
  }
}
