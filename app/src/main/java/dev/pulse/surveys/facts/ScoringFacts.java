package dev.pulse.surveys.facts;

import dev.pulse.rules.RuleDomain;
import dev.pulse.rules.RuleFacts;
import java.util.List;

/** Which bucket an answer falls in. */
public final class ScoringFacts implements RuleFacts {

  @Override
  public RuleDomain domain() {
    return RuleDomain.SCORING;
  }

  @Override
  public List<Class<?>> factTypes() {
    return List.of(Response.class);
  }

  @Override
  public List<Class<?>> decisionTypes() {
    return List.of(Bucket.class, InvalidScore.class);
  }
}
