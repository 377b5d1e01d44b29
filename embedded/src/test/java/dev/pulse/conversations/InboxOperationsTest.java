package dev.pulse.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.platform.events.Topics;
import dev.pulse.testing.PulseStackTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Re-routing when the assignee goes away, inbox availability, and the inbox figures. */
class InboxOperationsTest extends PulseStackTest {

  @Test
  void whenTheAssigneeGoesAwayTheConversationGoesToSomeoneAvailable() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String team = "t-" + tag;
    putJson("/api/agents/first-" + tag, "{\"status\":\"available\",\"teams\":[\"" + team + "\"]}");
    putJson("/api/inboxes/in-" + tag, "{\"name\":\"Inbox\",\"routing\":{\"mode\":\"SPECIFIC\",\"teamIds\":[\"" + team + "\"],\"onlyAvailable\":true}}");
    putJson("/api/channels/ch-" + tag, "{\"inboxId\":\"in-" + tag + "\",\"type\":\"WHATSAPP\"}");
    String conversation = postJson("/api/channels/ch-" + tag + "/messages", "{\"from\":{\"phone\":\"+4915" + Math.abs(tag.hashCode()) + "\"},\"body\":\"hello\"}").getBody().get("conversationId").asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> ("first-" + tag).equals(get(conversation).path("assignee_id").asText()));

    putJson("/api/agents/second-" + tag, "{\"status\":\"available\",\"teams\":[\"" + team + "\"]}");
    putJson("/api/agents/first-" + tag + "/status", "{\"status\":\"away\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> ("second-" + tag).equals(get(conversation).path("assignee_id").asText()));
  }

  @Test
  void availabilityFollowsTheCalendarInTheVisitorsTimeZone() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    // open one hour a week, on a day that is not today: closed now, with a next opening
    String day = Instant.now().atZone(java.time.ZoneOffset.UTC).getDayOfWeek().plus(2).name();
    assertThat(putJson("/api/calendars/cal-" + tag, "{\"timeZone\":\"UTC\",\"weekly\":{\"" + day + "\":[{\"from\":\"09:00\",\"to\":\"10:00\"}]}}").getStatusCode()).isEqualTo(HttpStatus.OK);
    putJson("/api/inboxes/closed-" + tag, "{\"name\":\"Closed\",\"calendarId\":\"cal-" + tag + "\"}");
    JsonNode closed = rest.getForObject("/api/inboxes/closed-" + tag + "/availability?tz=Asia/Tokyo", JsonNode.class);
    assertThat(closed.get("state").asText()).isEqualTo("offline");
    assertThat(closed.get("nextOpeningLocal").asText()).isEqualTo(java.time.DayOfWeek.valueOf(day).getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH) + " 18:00");

    putJson("/api/inboxes/open-" + tag, "{\"name\":\"Always\"}");
    putJson("/api/agents/on-" + tag, "{\"status\":\"available\"}");
    assertThat(rest.getForObject("/api/inboxes/open-" + tag + "/availability", JsonNode.class).get("state").asText()).isEqualTo("available");
    assertThat(rest.getForEntity("/api/inboxes/open-" + tag + "/availability?tz=Nowhere/Land", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    // an inbox counts only the agents its routing names: its team away means away, whoever else is available
    putJson("/api/agents/team-" + tag, "{\"status\":\"away\",\"capacity\":1,\"teams\":[\"night-" + tag + "\"]}");
    putJson("/api/inboxes/night-" + tag, "{\"name\":\"Night\",\"routing\":{\"mode\":\"SPECIFIC\",\"teamIds\":[\"night-" + tag + "\"]}}");
    assertThat(rest.getForObject("/api/inboxes/night-" + tag + "/availability", JsonNode.class).get("state").asText()).isEqualTo("away");
    putJson("/api/agents/team-" + tag + "/status", "{\"status\":\"available\"}");
    assertThat(rest.getForObject("/api/inboxes/night-" + tag + "/availability", JsonNode.class).get("state").asText()).isEqualTo("available");
    jdbc.update("INSERT INTO conversations (id, inbox_id, channel_id, channel_type, contact_id, status, assignee_id) VALUES (?, 'elsewhere', 'elsewhere', 'CHAT', ?, 'ASSIGNED', ?)",
        "full-" + tag, "someone-" + tag, "team-" + tag);
    assertThat(rest.getForObject("/api/inboxes/night-" + tag + "/availability", JsonNode.class).get("state").asText()).isEqualTo("at_capacity");
  }

  @Test
  void theInboxFiguresAreExactForKnownConversations() {
    String inbox = "figures-" + UUID.randomUUID().toString().substring(0, 8);
    Instant t0 = Instant.parse("2026-03-02T09:00:00Z");
    // agent a: first responses after 60 s and 180 s, resolved after 600 s and 1800 s; agent b: one open, unanswered
    insert("a1", inbox, "a", t0, 60, 600);
    insert("a2", inbox, "a", t0.plusSeconds(3600), 180, 1800);
    insert("b1", inbox, "b", t0.plusSeconds(7200), null, null);
    jdbc.update("INSERT INTO outbox (id, topic, message_key, event_type, payload) VALUES (?, 'pulse.events', ?, 'sla.breached', '{}')", UUID.randomUUID(), inbox + "-b1");

    JsonNode f = rest.getForObject("/api/analytics/conversations?inboxId=" + inbox + "&from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z", JsonNode.class);
    assertThat(f.at("/total/conversations").asInt()).isEqualTo(3);
    assertThat(f.at("/total/closed").asInt()).isEqualTo(2);
    assertThat(f.at("/total/first_response_median").asDouble()).isEqualTo(120.0);
    assertThat(f.at("/total/first_response_p90").asDouble()).isEqualTo(168.0);
    assertThat(f.at("/total/resolution_median").asDouble()).isEqualTo(1200.0);
    assertThat(f.at("/total/breaches").asInt()).isEqualTo(1);
    assertThat(f.get("byAgent")).hasSize(2);
    assertThat(f.at("/byAgent/0/agent_id").asText()).isEqualTo("a");
    assertThat(f.at("/byAgent/0/resolution_p90").asDouble()).isEqualTo(1680.0);
    assertThat(f.at("/byAgent/1/breaches").asInt()).isEqualTo(1);

    JsonNode empty = rest.getForObject("/api/analytics/conversations?inboxId=" + inbox + "&from=2027-01-01T00:00:00Z&to=2027-02-01T00:00:00Z", JsonNode.class);
    assertThat(empty.at("/total/conversations").asInt()).isZero();
    assertThat(empty.get("byAgent")).isEmpty();
  }

  private void insert(String id, String inbox, String agent, Instant opened, Integer firstResponseAfter, Integer closedAfter) {
    jdbc.update("INSERT INTO conversations (id, inbox_id, channel_id, channel_type, contact_id, status, assignee_id, opened_at, first_response_at, closed_at)"
            + " VALUES (?, ?, 'ch', 'CHAT', ?, ?, ?, ?, ?, ?)",
        inbox + "-" + id, inbox, "contact-" + inbox + id, closedAfter == null ? "ASSIGNED" : "CLOSED", agent, Timestamp.from(opened),
        firstResponseAfter == null ? null : Timestamp.from(opened.plusSeconds(firstResponseAfter)),
        closedAfter == null ? null : Timestamp.from(opened.plusSeconds(closedAfter)));
  }

  private JsonNode get(String conversation) {
    return rest.getForObject("/api/conversations/" + conversation, JsonNode.class);
  }

  @Test
  void aTicketChannelOpensATicketForTheAssigneeAndASilentFirstResponseIsABreachMailedToThem() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String agent = "tia-" + tag;
    JsonNode created = putJson("/api/agents/" + agent, "{\"email\":\"" + agent + "@pulse.test\",\"status\":\"available\",\"languages\":[\"de\",\"en\"],\"teams\":[\"t-" + tag + "\"]}").getBody();
    assertThat(created.get("languages").asText()).contains("de");
    putJson("/api/inboxes/in-" + tag, "{\"name\":\"Tickets\",\"routing\":{\"mode\":\"SPECIFIC\",\"userIds\":[\"" + agent + "\"]},\"sla\":{\"firstResponse\":\"PT2S\"}}");
    putJson("/api/channels/mail-" + tag, "{\"inboxId\":\"in-" + tag + "\",\"type\":\"TEAM_EMAIL\",\"createTickets\":true}");
    String conversation = postJson("/api/channels/mail-" + tag + "/messages", "{\"messageId\":\"<m@x>\",\"from\":{\"email\":\"cust-" + tag + "@x.test\",\"name\":\"Cy Customer\"},\"body\":\"Invoice wrong\"}").getBody().get("conversationId").asText();

    String ticket = await().atMost(Duration.ofSeconds(20)).until(() -> get(conversation).path("ticket_id").asText(null), t -> t != null);
    JsonNode t = rest.getForObject("/api/tickets/" + ticket, JsonNode.class);
    assertThat(t.get("owner_id").asText()).isEqualTo(agent);
    assertThat(t.get("subject").asText()).contains("Cy Customer");
    consumeUntil(Topics.EVENTS, r -> ticket.equals(r.key()) && r.value().contains("\"ticket.created\"") && r.value().contains("conversation:" + conversation));

    // nobody answers within the 2-second first-response time
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM outbox WHERE event_type = 'sla.breached' AND message_key = ?", Integer.class, conversation) == 1);
    JsonNode mail = await().atMost(Duration.ofSeconds(20)).until(() -> {
      for (JsonNode m : rest.getForObject("/api/dev/mailbox", JsonNode.class)) {
        if (m.get("to").toString().contains(agent + "@pulse.test")) {
          return m;
        }
      }
      return null;
    }, m -> m != null);
    assertThat(mail.get("subject").asText()).contains("first-response").contains(conversation);
  }

  /** Inbox settings name what exists and durations that can pass; a reply comes from an agent. Each refusal names its field. */
  @Test
  void badInboxSettingsAndRepliesFromNobodyAreRefusedNamingTheField() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/agents/real-" + tag, "{\"status\":\"available\"}");
    String email = postJson("/api/surveys", "{\"name\":\"Mail " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\"}").getBody().get("id").asText();
    String[][] cases = {
      {"\"routing\":{\"mode\":\"SPECIFIC\",\"userIds\":[\"real-" + tag + "\",\"ghost-" + tag + "\"]}", "routing.userIds"},
      {"\"access\":{\"userIds\":[\"ghost-" + tag + "\"]}", "access.userIds"},
      {"\"routing\":{\"mode\":\"SPECIFIC\",\"teamIds\":[\"ghost-team-" + tag + "\"]}", "routing.teamIds"},
      {"\"access\":{\"teamIds\":[\"ghost-team-" + tag + "\"]}", "access.teamIds"},
      {"\"rerouteAfter\":\"PT0S\"", "rerouteAfter"},
      {"\"queueRetry\":\"-PT1M\"", "queueRetry"},
      {"\"sla\":{\"firstResponse\":\"PT0S\"}", "sla.firstResponse"},
      {"\"chatSurveyId\":\"no-such-survey-" + tag + "\"", "chatSurveyId"},
      {"\"chatSurveyId\":\"" + email + "\"", "chatSurveyId"}};
    for (String[] c : cases) {
      var refused = putJson("/api/inboxes/bad-" + tag, "{\"name\":\"Bad\"," + c[0] + "}");
      assertThat(refused.getStatusCode()).as(c[0] + " -> " + refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getBody().get("errors").findValuesAsText("field")).as(c[0]).containsExactly(c[1]);
    }
    assertThat(rest.getForEntity("/api/inboxes/bad-" + tag + "/availability", JsonNode.class).getStatusCode()).as("nothing stored").isEqualTo(HttpStatus.NOT_FOUND);

    putJson("/api/teams/team-" + tag, "{\"name\":\"Night shift\"}");
    assertThat(putJson("/api/inboxes/ok-" + tag, "{\"name\":\"Ok\",\"access\":{\"teamIds\":[\"team-" + tag + "\"]}}").getStatusCode()).isEqualTo(HttpStatus.OK);
    putJson("/api/channels/ok-" + tag, "{\"inboxId\":\"ok-" + tag + "\",\"type\":\"FORM\"}");
    String conversation = postJson("/api/channels/ok-" + tag + "/messages", "{\"from\":{\"email\":\"ok-" + tag + "@x.test\"},\"body\":\"hello\"}")
        .getBody().get("conversationId").asText();
    var ghost = postJson("/api/conversations/" + conversation + "/replies", "{\"agentId\":\"ghost-" + tag + "\",\"body\":\"hi\"}");
    assertThat(ghost.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(ghost.getBody().toString()).contains("agentId");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE conversation_id = ? AND direction = 'OUT'", Integer.class, conversation)).isZero();
  }
}
