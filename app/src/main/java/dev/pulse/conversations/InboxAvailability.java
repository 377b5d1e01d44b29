package dev.pulse.conversations;

import dev.pulse.conversations.facts.Agent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Whether an inbox can answer now: offline outside its calendar's hours, away when none of the
 * agents its routing names (its users and teams; everyone when it names none) is available with a
 * seat, at capacity when all of those are full, else available; and, when
 * closed, when it opens next in the visitor's time zone ("Monday 09:00").
 */
@Service
public class InboxAvailability {

  public record Availability(String inboxId, String state, Instant nextOpening, String nextOpeningLocal, int availableAgents) {}

  /** The system texts of conversations and the chat widget ({@code messages/conversations_<lang>.properties}). */
  public static final dev.pulse.platform.Texts TEXTS = new dev.pulse.platform.Texts("conversations");

  /** When it opens next, as a visitor reads it in their time zone and language: "Thursday 09:00", "torsdag 09:00". */
  public static String nextOpeningLocal(Instant nextOpening, ZoneId visitorZone, String language) {
    return nextOpening == null ? null
        : nextOpening.atZone(visitorZone).format(DateTimeFormatter.ofPattern("EEEE HH:mm", dev.pulse.platform.Texts.locale(language)));
  }

  private final InboxRepository inboxes;

  InboxAvailability(InboxRepository inboxes) {
    this.inboxes = inboxes;
  }

  /** Empty for an unknown inbox. */
  public Optional<Availability> of(String inboxId, ZoneId visitorZone) {
    return Optional.ofNullable(of(List.of(inboxId), visitorZone).get(inboxId));
  }

  /** Several inboxes at once (the agents are read once); unknown inboxes are left out. */
  public Map<String, Availability> of(Collection<String> inboxIds, ZoneId visitorZone) {
    Map<String, Availability> result = new HashMap<>();
    List<Agent> agents = null;
    Instant now = Instant.now();
    Map<String, InboxModel.Inbox> found = inboxes.inboxes(inboxIds); // one query for all: the widget's call asks for every chatflow's inbox
    Map<String, BusinessCalendar> calendars = new HashMap<>();
    for (String inboxId : inboxIds) {
      InboxModel.Inbox inbox = found.get(inboxId);
      if (inbox == null) {
        continue;
      }
      if (agents == null) {
        agents = inboxes.agentFacts();
      }
      BusinessCalendar calendar = inbox.calendarId() == null
          ? BusinessCalendar.ALWAYS_OPEN
          : calendars.computeIfAbsent(inbox.calendarId(), id -> inboxes.calendar(id).map(BusinessCalendar::of).orElse(BusinessCalendar.ALWAYS_OPEN));
      List<Agent> available = agents.stream()
          .filter(a -> a.getStatus() == dev.pulse.conversations.facts.AgentStatus.AVAILABLE && a.isPaidSeat() && servesInbox(inbox.routing(), a))
          .toList();
      boolean open = calendar.isOpen(now);
      String state;
      if (!open) {
        state = "offline";
      } else if (available.isEmpty()) {
        state = "away";
      } else if (available.stream().allMatch(a -> a.atCapacityFor(InboxModel.ChannelType.CHAT.name()))) {
        state = "at_capacity";
      } else {
        state = "available";
      }
      Instant next = open ? null : calendar.nextOpening(now);
      String local = nextOpeningLocal(next, visitorZone, "en");
      result.put(inboxId, new Availability(inboxId, state, next, local, available.size()));
    }
    return result;
  }

  /** The agents the inbox's routing can give a conversation to: its users and teams when it names any, else everyone. */
  private static boolean servesInbox(InboxModel.Routing routing, Agent agent) {
    if (routing == null) {
      return true;
    }
    boolean namesUsers = routing.userIds() != null && !routing.userIds().isEmpty();
    boolean namesTeams = routing.teamIds() != null && !routing.teamIds().isEmpty();
    if (!namesUsers && !namesTeams) {
      return true;
    }
    return (namesUsers && routing.userIds().contains(agent.getId()))
        || (namesTeams && agent.getTeams().stream().anyMatch(routing.teamIds()::contains));
  }
}
