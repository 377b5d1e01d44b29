package dev.pulse.rules;

import dev.pulse.rules.facts.Agent;
import dev.pulse.rules.facts.Assign;
import dev.pulse.rules.facts.Audience;
import dev.pulse.rules.facts.Bucket;
import dev.pulse.rules.facts.Chatflow;
import dev.pulse.rules.facts.Chosen;
import dev.pulse.rules.facts.ConversationSummary;
import dev.pulse.rules.facts.ConversationToRoute;
import dev.pulse.rules.facts.Eligible;
import dev.pulse.rules.facts.Excluded;
import dev.pulse.rules.facts.InAudience;
import dev.pulse.rules.facts.Hide;
import dev.pulse.rules.facts.InboxState;
import dev.pulse.rules.facts.PageRule;
import dev.pulse.rules.facts.Ineligible;
import dev.pulse.rules.facts.InvalidScore;
import dev.pulse.rules.facts.Now;
import dev.pulse.rules.facts.Queue;
import dev.pulse.rules.facts.Recipient;
import dev.pulse.rules.facts.Response;
import dev.pulse.rules.facts.RoutingPolicy;
import dev.pulse.rules.facts.SendHistory;
import dev.pulse.rules.facts.Show;
import dev.pulse.rules.facts.Visit;
import dev.pulse.rules.facts.VisitorHistory;
import dev.pulse.rules.facts.WebSurvey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rule bases, one per domain (DESIGN §6): the folder under {@code rules/} that holds its DRL
 * files, the fact types an evaluation takes in and the decision types it gives back.
 */
public enum RuleDomain {
  RECIPIENTS(
      List.of(Audience.class, Recipient.class, SendHistory.class, ConversationSummary.class, Now.class),
      List.of(InAudience.class, Eligible.class, Excluded.class)),
  SCORING(List.of(Response.class, Now.class), List.of(Bucket.class, InvalidScore.class)),
  TARGETING(List.of(Visit.class, Chatflow.class, PageRule.class, InboxState.class, WebSurvey.class, VisitorHistory.class, Recipient.class, Now.class), List.of(Show.class, Hide.class, Chosen.class)),
  ASSIGNMENT(List.of(ConversationToRoute.class, Agent.class, RoutingPolicy.class, Now.class), List.of(Assign.class, Queue.class, Ineligible.class));

  private final List<Class<?>> factTypes;
  private final List<Class<?>> decisionTypes;

  RuleDomain(List<Class<?>> factTypes, List<Class<?>> decisionTypes) {
    this.factTypes = factTypes;
    this.decisionTypes = decisionTypes;
  }

  /** The folder name under {@code rules/} and the name in URLs: {@code recipients}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<Class<?>> factTypes() {
    return factTypes;
  }

  public List<Class<?>> decisionTypes() {
    return decisionTypes;
  }

  /** Fact and decision types by simple name, as scenario files and the API name them. */
  public Map<String, Class<?>> typesByName() {
    Map<String, Class<?>> types = new LinkedHashMap<>();
    factTypes.forEach(t -> types.put(t.getSimpleName(), t));
    decisionTypes.forEach(t -> types.put(t.getSimpleName(), t));
    return types;
  }

  public boolean isDecision(Object fact) {
    return decisionTypes.contains(fact.getClass());
  }

  public static Optional<RuleDomain> byId(String id) {
    return Arrays.stream(values()).filter(d -> d.id().equalsIgnoreCase(id)).findFirst();
  }
}
