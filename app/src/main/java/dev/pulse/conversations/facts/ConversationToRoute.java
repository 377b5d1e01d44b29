package dev.pulse.conversations.facts;

/** A conversation waiting for an owner. */
public class ConversationToRoute {

  private String conversationId;
  private String channel;
  private String inboxId;
  private String contactOwnerId;
  private java.util.Set<String> requiredSkills = new java.util.HashSet<>();
  /** The assignee this conversation is being taken from (went away, or silent too long): not to be picked again. */
  private String handedBackBy;

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

  public java.util.Set<String> getRequiredSkills() {
    return requiredSkills;
  }

  public void setRequiredSkills(java.util.Set<String> requiredSkills) {
    this.requiredSkills = requiredSkills == null ? new java.util.HashSet<>() : requiredSkills;
  }

  @Override
  public String toString() {
    return "ConversationToRoute[" + "conversationId=" + conversationId + ", " + "channel=" + channel + ", " + "inboxId=" + inboxId + ", " + "contactOwnerId=" + contactOwnerId + "]";
  }

  public String getHandedBackBy() {
    return handedBackBy;
  }

  public void setHandedBackBy(String handedBackBy) {
    this.handedBackBy = handedBackBy;
  }
}
