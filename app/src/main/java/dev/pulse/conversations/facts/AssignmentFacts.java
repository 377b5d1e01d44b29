package dev.pulse.conversations.facts;

import dev.pulse.rules.RuleDomain;
import dev.pulse.rules.RuleFacts;
import java.util.List;

/** Who gets a conversation: the conversation, the agents and the inbox's routing policy; assign, queue, or not eligible. */
public final class AssignmentFacts implements RuleFacts {

  @Override
  public RuleDomain domain() {
    return RuleDomain.ASSIGNMENT;
  }

  @Override
  public List<Class<?>> factTypes() {
    return List.of(ConversationToRoute.class, Agent.class, RoutingPolicy.class);
  }

  @Override
  public List<Class<?>> decisionTypes() {
    return List.of(Assign.class, Queue.class, Ineligible.class);
  }
}
