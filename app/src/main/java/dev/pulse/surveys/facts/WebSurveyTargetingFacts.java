package dev.pulse.surveys.facts;

import dev.pulse.rules.RuleDomain;
import dev.pulse.rules.RuleFacts;
import java.util.List;

/** Which web survey a visitor sees: the published web surveys and what the visitor saw of them. */
public final class WebSurveyTargetingFacts implements RuleFacts {

  @Override
  public RuleDomain domain() {
    return RuleDomain.TARGETING;
  }

  @Override
  public List<Class<?>> factTypes() {
    return List.of(WebSurvey.class, VisitorHistory.class);
  }

  @Override
  public List<Class<?>> decisionTypes() {
    return List.of();
  }
}
