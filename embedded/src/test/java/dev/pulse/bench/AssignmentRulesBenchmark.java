package dev.pulse.bench;

import dev.pulse.conversations.facts.RoutingMode;
import dev.pulse.conversations.facts.AgentStatus;
import dev.pulse.rules.CompiledRuleBase;
import dev.pulse.rules.RuleDomain;
import dev.pulse.conversations.facts.Agent;
import dev.pulse.conversations.facts.Assign;
import dev.pulse.conversations.facts.ConversationToRoute;
import dev.pulse.conversations.facts.RoutingPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * One assignment decision by the shipped assignment rules, with 500 agents whose loads come from
 * 10,000 open conversations: latency per decision, p50 and p99 over many decisions after a
 * warm-up. Run: {@code ./mvnw -pl app test-compile exec:exec@assignment-bench}.
 */
public final class AssignmentRulesBenchmark {

  static final String[] CHANNELS = {"CHAT", "TEAM_EMAIL", "WHATSAPP"};

  public record Result(int agents, int openConversations, int decisions, double p50Micros, double p99Micros, double maxMicros, int assigned) {}

  public static void main(String[] args) throws Exception {
    int agents = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int open = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int decisions = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    Path rules = Path.of(System.getProperty("pulse.repo.dir", ".")).resolve("rules/assignment");
    Result traced = run(rules, agents, open, decisions, true);
    Result bare = run(rules, agents, open, decisions, false);
    String report = String.format(Locale.ROOT,
        """
        # Assignment rules benchmark

        One decision by the shipped rules/assignment with %d agents (loads from %,d open conversations), \
        %,d decisions after a warm-up, JVM %s, %d cores.

        | evaluation | p50 | p99 | max |
        |---|---:|---:|---:|
        | with the trace (what routing stores, the production path) | %.0f µs | %.0f µs | %.0f µs |
        | decisions only, no trace | %.0f µs | %.0f µs | %.0f µs |

        %d of %d decisions assigned an agent (the rest queued).
        """,
        traced.agents(), traced.openConversations(), traced.decisions(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        traced.p50Micros(), traced.p99Micros(), traced.maxMicros(), bare.p50Micros(), bare.p99Micros(), bare.maxMicros(),
        traced.assigned(), traced.decisions());
    System.out.println(report);
    Path out = Path.of("target", "benchmarks", "assignment-rules.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  /** With the firing trace, as routing evaluates. */
  public static Result run(Path rulesDir, int agentCount, int openConversations, int decisions) throws Exception {
    return run(rulesDir, agentCount, openConversations, decisions, true);
  }

  public static Result run(Path rulesDir, int agentCount, int openConversations, int decisions, boolean trace) throws Exception {
    CompiledRuleBase rules = RecipientRulesBenchmark.compile(RuleDomain.ASSIGNMENT, RecipientRulesBenchmark.load(rulesDir));
    Random random = new Random(7);
    List<Agent> agents = new ArrayList<>();
    for (int i = 0; i < agentCount; i++) {
      Agent a = new Agent();
      a.setId("agent-" + i);
      a.setStatus(random.nextInt(10) < 7 ? AgentStatus.AVAILABLE : random.nextBoolean() ? AgentStatus.AWAY : AgentStatus.OFFLINE);
      a.setPaidSeat(random.nextInt(10) < 9);
      a.setTeams(new HashSet<>(Set.of("team-" + random.nextInt(10))));
      a.setSkills(new HashSet<>(Set.of(random.nextBoolean() ? "english" : "german")));
      a.setCapacity(40 + random.nextInt(40));
      a.setLastAssignedAt(Instant.parse("2026-06-01T00:00:00Z").plusSeconds(random.nextInt(86_400)));
      agents.add(a);
    }
    for (int c = 0; c < openConversations; c++) {
      Agent a = agents.get(random.nextInt(agents.size()));
      String channel = CHANNELS[random.nextInt(CHANNELS.length)];
      a.getChannelLoad().merge(channel, 1, Integer::sum);
      a.setLoad(a.getLoad() + 1);
    }
    RoutingPolicy policy = new RoutingPolicy();
    policy.setInboxId("support");
    policy.setMode(RoutingMode.SPECIFIC);
    policy.setTeamIds(new HashSet<>(Set.of("team-1", "team-2", "team-3")));
    policy.setOnlyAvailable(true);

    int warmup = Math.max(50, decisions / 4);
    long[] nanos = new long[decisions];
    int assigned = 0;
    for (int i = -warmup; i < decisions; i++) {
      ConversationToRoute conversation = new ConversationToRoute();
      conversation.setConversationId("conv-" + i);
      conversation.setChannel(CHANNELS[Math.floorMod(i, CHANNELS.length)]);
      conversation.setInboxId("support");
      List<Object> facts = new ArrayList<>(agents.size() + 2);
      facts.addAll(agents);
      facts.add(policy);
      facts.add(conversation);
      long t0 = System.nanoTime();
      CompiledRuleBase.Evaluation e = rules.evaluate(facts, trace);
      long t1 = System.nanoTime();
      if (i >= 0) {
        nanos[i] = t1 - t0;
        assigned += e.decisions(Assign.class).isEmpty() ? 0 : 1;
      }
    }
    Arrays.sort(nanos);
    return new Result(agentCount, openConversations, decisions,
        nanos[(int) (decisions * 0.50)] / 1000.0, nanos[Math.min(decisions - 1, (int) (decisions * 0.99))] / 1000.0, nanos[decisions - 1] / 1000.0, assigned);
  }

  private AssignmentRulesBenchmark() {}
}
