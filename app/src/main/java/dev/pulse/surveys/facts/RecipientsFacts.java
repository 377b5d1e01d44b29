package dev.pulse.surveys.facts;

import dev.pulse.rules.RuleDomain;
import dev.pulse.rules.RuleFacts;
import java.util.List;

/** Who gets a survey: the survey's audience, the contact's sends and chats; in, eligible or excluded. */
public final class RecipientsFacts implements RuleFacts {

  @Override
  public RuleDomain domain() {
    return RuleDomain.RECIPIENTS;
  }

  @Override
  public List<Class<?>> factTypes() {
    return List.of(Audience.class, SendHistory.class, ConversationSummary.class);
  }

  @Override
  public List<Class<?>> decisionTypes() {
    return List.of(InAudience.class, Eligible.class, Excluded.class);
  }
}
