package dev.pulse.chatflows.facts;

import dev.pulse.rules.RuleDomain;
import dev.pulse.rules.RuleFacts;
import java.util.List;

/** Which chatflow a visitor sees: the chatflows and their page rules. */
public final class ChatflowTargetingFacts implements RuleFacts {

  @Override
  public RuleDomain domain() {
    return RuleDomain.TARGETING;
  }

  @Override
  public List<Class<?>> factTypes() {
    return List.of(Chatflow.class, PageRule.class);
  }

  @Override
  public List<Class<?>> decisionTypes() {
    return List.of();
  }
}
