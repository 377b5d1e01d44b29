package dev.pulse.conversations.facts;

import dev.pulse.rules.RuleDomain;
import dev.pulse.rules.RuleFacts;
import java.util.List;

/** Whether an inbox's team is available and has room, which chatflows show or hide on. */
public final class InboxTargetingFacts implements RuleFacts {

  @Override
  public RuleDomain domain() {
    return RuleDomain.TARGETING;
  }

  @Override
  public List<Class<?>> factTypes() {
    return List.of(InboxState.class);
  }

  @Override
  public List<Class<?>> decisionTypes() {
    return List.of();
  }
}
