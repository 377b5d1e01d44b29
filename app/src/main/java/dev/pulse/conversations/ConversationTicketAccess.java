package dev.pulse.conversations;

import dev.pulse.crm.TicketAccess;
import org.springframework.stereotype.Component;

/** A conversation's ticket is worked by whoever works the conversation. */
@Component
class ConversationTicketAccess implements TicketAccess {

  private static final String PREFIX = "conversation:";

  private final ConversationReads conversations;

  ConversationTicketAccess(ConversationReads conversations) {
    this.conversations = conversations;
  }

  @Override
  public boolean agentMayWork(String agentId, String sourceKey) {
    return sourceKey != null && sourceKey.startsWith(PREFIX) && conversations.agentMayWork(agentId, sourceKey.substring(PREFIX.length()));
  }
}
