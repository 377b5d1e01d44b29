package dev.pulse.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.testing.PulseStackTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chat widget's endpoints as a visitor's browser calls them: only from the site's allowed
 * origins, with a signed session; the visitor writes, the agent's reply arrives live on the event
 * stream (internal notes never), a reconnect starts with the whole conversation again, closing is
 * an event; no visitor reads another's conversation, and garbage is refused naming the field.
 */
class WidgetChatTest extends PulseStackTest {

  private static final String ORIGIN = "https://shop.example";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  private String site;
  private String tag;
  private String survey;

  private void setUp() {
    tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/agents/wa-" + tag, "{\"name\":\"Wanda\",\"status\":\"available\",\"capacity\":10}");
    survey = postJson("/api/surveys", "{\"name\":\"Widget CSAT " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"CHAT\",\"options\":{\"cooldownDays\":0}}")
        .getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");
    putJson("/api/inboxes/wi-" + tag, "{\"name\":\"Web chats\",\"routing\":{\"mode\":\"SPECIFIC\",\"userIds\":[\"wa-" + tag + "\"]},\"chatSurveyId\":\"" + survey + "\"}");
    putJson("/api/channels/wc-" + tag, "{\"inboxId\":\"wi-" + tag + "\",\"type\":\"CHAT\",\"name\":\"Website chat\"}");
    site = "shop-" + tag;
    var saved = putJson("/api/sites/" + site, "{\"name\":\"Shop\",\"channelId\":\"wc-" + tag + "\",\"allowedOrigins\":[\"" + ORIGIN + "/\", \"http://localhost:8081\"]}");
    assertThat(saved.getStatusCode().value()).as(String.valueOf(saved.getBody())).isEqualTo(200);
    assertThat(saved.getBody().get("allowedOrigins").toString()).isEqualTo("[\"https://shop.example\",\"http://localhost:8081\"]");
  }

  private HttpResponse<String> call(String method, String path, String origin, String token, String body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(rest.getRootUri() + "/api/widget/" + site + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (origin != null) {
      r.header("Origin", origin);
    }
    if (token != null) {
      r.header("X-Pulse-Visitor", token);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode session(String previous) throws Exception {
    HttpResponse<String> r = call("POST", "/sessions", ORIGIN, null, previous == null ? "{}" : "{\"token\":\"" + previous + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
    return json.readTree(r.body());
  }

  /** An open event stream, its events ("name data") queued as they arrive. */
  private BlockingQueue<String> stream(String token, List<AutoCloseable> open) throws Exception {
    // as the widget does: a one-minute ticket for the URL, never the session token
    HttpResponse<String> ticket = call("POST", "/events/tickets", ORIGIN, token, null);
    assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(200);
    HttpResponse<java.io.InputStream> response = events("ticket", json.readTree(ticket.body()).get("ticket").asText());
    assertThat(response.statusCode()).isEqualTo(200);
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String name = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("event:")) {
            name = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            events.add(name + " " + line.substring(5).trim());
          }
        }
      } catch (Exception e) {
        // closed by the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    open.add(() -> response.body().close());
    return events;
  }

  private HttpResponse<java.io.InputStream> events(String parameter, String value) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(rest.getRootUri() + "/api/widget/" + site + "/events?" + parameter + "="
            + URLEncoder.encode(value, StandardCharsets.UTF_8)))
        .header("Origin", ORIGIN).header("Accept", "text/event-stream").build();
    return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  private String next(BlockingQueue<String> events, String name) throws InterruptedException {
    while (true) {
      String event = events.poll(20, TimeUnit.SECONDS);
      assertThat(event).as("a '" + name + "' event within 20 s").isNotNull();
      if (event.startsWith(name + " ")) {
        return event.substring(name.length() + 1);
      }
    }
  }

  @Test
  void aVisitorChatsLiveWithAnAgentAndSeesOnlyTheirOwnConversation() throws Exception {
    setUp();
    List<AutoCloseable> open = new ArrayList<>();
    try {
      // only pages of the allowed origins, and only with a session
      assertThat(call("POST", "/sessions", null, null, "{}").statusCode()).isEqualTo(403);
      HttpResponse<String> evil = call("POST", "/sessions", "https://evil.example", null, "{}");
      assertThat(evil.statusCode()).isEqualTo(403);
      assertThat(evil.body()).contains("Pages of https://evil.example may not use the widget of site '" + site + "'");
      HttpResponse<String> preflight = call("OPTIONS", "/messages", ORIGIN, null, null);
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("X-Pulse-Visitor");
      assertThat(call("POST", "/sessions", ORIGIN.replace("shop", "no-such-site"), null, "{}").statusCode()).isEqualTo(403);
      HttpResponse<String> unknownSite = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rest.getRootUri() + "/api/widget/nope-" + tag + "/sessions"))
          .header("Origin", ORIGIN).POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(unknownSite.statusCode()).isEqualTo(404);

      JsonNode ann = session(null);
      String token = ann.get("token").asText();
      assertThat(ann.get("visitorId").asText()).startsWith("v_");
      assertThat(ann.get("inboxId").asText()).isEqualTo("wi-" + tag);
      assertThat(call("POST", "/messages", ORIGIN, null, "{\"body\":\"hi\"}").statusCode()).isEqualTo(401);
      // without a session, what the body holds is not looked at: 401, not a 400 about the body
      assertThat(call("POST", "/messages", ORIGIN, null, "{\"bodyy\":\"\"}").statusCode()).isEqualTo(401);
      assertThat(call("POST", "/contact", ORIGIN, "not-a-token", "{\"email\":\"not an email\"}").statusCode()).isEqualTo(401);

      // the stream opens with a ticket of this visitor and site, good for a minute: not with a session
      // token in its place, not with a forged one; and a ticket is not a session
      assertThat(call("POST", "/events/tickets", ORIGIN, null, null).statusCode()).isEqualTo(401);
      JsonNode ticket = json.readTree(call("POST", "/events/tickets", ORIGIN, token, null).body());
      assertThat(java.time.Instant.parse(ticket.get("expiresAt").asText())).isBetween(java.time.Instant.now(), java.time.Instant.now().plusSeconds(61));
      String t = ticket.get("ticket").asText();
      assertThat(events("ticket", token).statusCode()).as("a session token is no ticket").isEqualTo(401);
      assertThat(events("ticket", t.substring(0, t.length() - 3) + (t.endsWith("AAA") ? "BBB" : "AAA")).statusCode()).isEqualTo(401);
      assertThat(call("GET", "/messages", ORIGIN, t, null).statusCode()).as("a ticket is no session").isEqualTo(401);
      assertThat(events("token", "not-a-token").statusCode()).isEqualTo(401);

      // the visitor's stream is open before they write; their message and the agent's reply arrive on it
      BlockingQueue<String> live = stream(token, open);
      HttpResponse<String> written = call("POST", "/messages", ORIGIN, token, "{\"body\":\"<script>alert(1)</script> Where is my order?\",\"messageId\":\"m1-" + tag + "\"}");
      assertThat(written.statusCode()).as(written.body()).isEqualTo(202);
      String conversation = json.readTree(written.body()).get("conversationId").asText();
      JsonNode mine = json.readTree(next(live, "message"));
      assertThat(mine.get("from").asText()).isEqualTo("visitor");
      assertThat(mine.get("body").asText()).as("stored and sent as the text it is").isEqualTo("<script>alert(1)</script> Where is my order?");
      assertThat(call("POST", "/messages", ORIGIN, token, "{\"body\":\"<script>alert(1)</script> Where is my order?\",\"messageId\":\"m1-" + tag + "\"}").statusCode())
          .as("the same message again is stored once").isEqualTo(200);

      postJson("/api/conversations/" + conversation + "/notes", "{\"agentId\":\"wa-" + tag + "\",\"body\":\"internal: VIP customer\"}");
      var reply = postJson("/api/conversations/" + conversation + "/replies", "{\"agentId\":\"wa-" + tag + "\",\"body\":\"It ships today!\"}");
      assertThat(reply.getStatusCode().is2xxSuccessful()).as(String.valueOf(reply.getBody())).isTrue();
      JsonNode answer = json.readTree(next(live, "message"));
      assertThat(answer.get("from").asText()).isEqualTo("team");
      assertThat(answer.get("author").asText()).isEqualTo("Wanda");
      assertThat(answer.get("body").asText()).isEqualTo("It ships today!");

      // the thread, and a reconnect, have both messages and never the note; a second page keeps the visitor
      JsonNode thread = json.readTree(call("GET", "/messages", ORIGIN, token, null).body());
      assertThat(thread.get("messages").findValuesAsText("body")).containsExactly("<script>alert(1)</script> Where is my order?", "It ships today!");
      assertThat(thread.toString()).doesNotContain("VIP");
      BlockingQueue<String> again = stream(token, open);
      assertThat(List.of(next(again, "message"), next(again, "message"))).extracting(e -> json.readTree(e).get("id").asText())
          .containsExactly(mine.get("id").asText(), answer.get("id").asText());
      JsonNode nextPage = session(token);
      assertThat(nextPage.get("visitorId").asText()).isEqualTo(ann.get("visitorId").asText());
      assertThat(nextPage.at("/conversation/id").asText()).isEqualTo(conversation);

      // another visitor sees nothing of it; a token of another site or a forged one proves nothing
      JsonNode bob = session(null);
      assertThat(json.readTree(call("GET", "/messages", ORIGIN, bob.get("token").asText(), null).body()).get("messages")).isEmpty();
      String forged = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
      assertThat(call("GET", "/messages", ORIGIN, forged, null).statusCode()).isEqualTo(401);
      assertThat(call("GET", "/messages", ORIGIN, "not-a-token", null).statusCode()).isEqualTo(401);

      // email capture: on the visitor's contact; an address another contact has is only what bob claims, and the answer is the same
      HttpResponse<String> notEmail = call("POST", "/contact", ORIGIN, token, "{\"email\":\"not an email\"}");
      assertThat(notEmail.statusCode()).isEqualTo(400);
      assertThat(notEmail.body()).contains("email");
      String email = "ann-" + tag + "@shop.test";
      assertThat(call("POST", "/contact", ORIGIN, token, "{\"email\":\"" + email + "\",\"name\":\"Ann Lee\"}").statusCode()).isEqualTo(204);
      String annContact = "visitor-" + ann.get("visitorId").asText();
      assertThat(jdbc.queryForObject("SELECT email || ' ' || firstname || ' ' || lastname FROM contacts WHERE id = ?", String.class, annContact))
          .isEqualTo(email + " Ann Lee");
      assertThat(call("POST", "/contact", ORIGIN, bob.get("token").asText(), "{\"email\":\"" + email + "\"}").statusCode()).isEqualTo(204);
      String bobContact = "visitor-" + bob.get("visitorId").asText();
      assertThat(jdbc.queryForObject("SELECT coalesce(email, '-') || ' ' || (properties->>'claimedEmail') FROM contacts WHERE id = ?", String.class, bobContact))
          .isEqualTo("- " + email);
      assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE lower(email) = ?", Integer.class, email)).isEqualTo(1);

      // garbage is refused naming the field, and nothing is stored
      HttpResponse<String> huge = call("POST", "/messages", ORIGIN, token, "{\"body\":\"" + "x".repeat(2001) + "\"}");
      assertThat(huge.statusCode()).isEqualTo(400);
      assertThat(huge.body()).contains("body").contains("at most 2,000 characters");
      assertThat(call("POST", "/messages", ORIGIN, token, "{\"body\":\"   \"}").statusCode()).isEqualTo(400);
      assertThat(call("POST", "/messages", ORIGIN, token, "{\"body\":\"hi\",\"admin\":true}").statusCode()).isEqualTo(400);
      assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE conversation_id = ?", Integer.class, conversation)).isEqualTo(3);

      // closing is an event on the stream (after the statuses it went through)
      postJson("/api/conversations/" + conversation + "/close", "{}");
      String status = "";
      while (!status.equals("CLOSED")) {
        status = json.readTree(next(live, "status")).get("status").asText();
      }

      // the chat survey: asked once it is sent, answered once, its scale checked; never another visitor's
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
          json.readTree(call("GET", "/survey", ORIGIN, token, null).body()).hasNonNull("survey"));
      JsonNode asked = json.readTree(call("GET", "/survey", ORIGIN, token, null).body()).get("survey");
      assertThat(asked.get("type").asText()).isEqualTo("CSAT");
      assertThat(asked.get("min").asInt()).isEqualTo(1);
      assertThat(asked.get("max").asInt()).isEqualTo(5);
      assertThat(asked.get("answered").asBoolean()).isFalse();
      assertThat(json.readTree(call("GET", "/survey", ORIGIN, bob.get("token").asText(), null).body()).hasNonNull("survey")).isFalse();
      assertThat(call("POST", "/survey", ORIGIN, bob.get("token").asText(), "{\"score\":5}").statusCode()).isEqualTo(404);
      HttpResponse<String> outOfScale = call("POST", "/survey", ORIGIN, token, "{\"score\":9}");
      assertThat(outOfScale.statusCode()).isEqualTo(400);
      assertThat(outOfScale.body()).contains("score");
      HttpResponse<String> answered = call("POST", "/survey", ORIGIN, token, "{\"score\":2,\"comment\":\"slow\"}");
      assertThat(answered.statusCode()).as(answered.body()).isEqualTo(201);
      assertThat(json.readTree(answered.body()).get("bucket").asText()).isEqualTo("UNHAPPY");
      assertThat(call("POST", "/survey", ORIGIN, token, "{\"score\":5}").statusCode()).isEqualTo(409);
      assertThat(jdbc.queryForObject("SELECT score FROM responses WHERE survey_id = ?", Integer.class, survey)).isEqualTo(2);
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  /**
   * The live stream follows the database's commit order, not a clock: an agent's reply written in
   * a transaction that stays open for longer than the poll once looked back (5 s), while another
   * reply commits and arrives, still reaches the visitor once it commits, and only once.
   */
  @Test
  void aReplyWhoseTransactionCommitsLateStillArrivesLiveAndOnce() throws Exception {
    setUp();
    List<AutoCloseable> open = new ArrayList<>();
    try {
      String token = session(null).get("token").asText();
      BlockingQueue<String> live = stream(token, open);
      HttpResponse<String> written = call("POST", "/messages", ORIGIN, token, "{\"body\":\"Anyone there?\"}");
      assertThat(written.statusCode()).as(written.body()).isEqualTo(202);
      String conversation = json.readTree(written.body()).get("conversationId").asText();
      assertThat(json.readTree(next(live, "message")).get("body").asText()).isEqualTo("Anyone there?");

      String late = "late-" + tag;
      java.util.concurrent.CountDownLatch inserted = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CompletableFuture<Void> committed = new java.util.concurrent.CompletableFuture<>();
      Thread writer = new Thread(() -> {
        try {
          new org.springframework.transaction.support.TransactionTemplate(context.getBean(org.springframework.transaction.PlatformTransactionManager.class))
              .executeWithoutResult(t -> {
                jdbc.update("INSERT INTO messages (id, conversation_id, channel_id, direction, author, body) VALUES (?, ?, ?, 'OUT', ?, ?)",
                    late, conversation, "wc-" + tag, "wa-" + tag, "Sorry for the wait");
                inserted.countDown();
                try {
                  release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
          committed.complete(null);
        } catch (Throwable e) {
          committed.completeExceptionally(e);
        }
      });
      writer.start();
      assertThat(inserted.await(10, TimeUnit.SECONDS)).as("the late reply is written").isTrue();
      postJson("/api/conversations/" + conversation + "/replies", "{\"agentId\":\"wa-" + tag + "\",\"body\":\"Checking now\"}");
      assertThat(json.readTree(next(live, "message")).get("body").asText()).isEqualTo("Checking now");
      // the late reply's transaction stays open past the 5 s the poll once looked back
      org.awaitility.Awaitility.await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> true);
      release.countDown();
      committed.get(30, TimeUnit.SECONDS);
      JsonNode arrived = json.readTree(next(live, "message"));
      assertThat(arrived.get("id").asText()).isEqualTo(late);
      assertThat(arrived.get("body").asText()).isEqualTo("Sorry for the wait");

      // and once: the next reply is the next message on the stream
      postJson("/api/conversations/" + conversation + "/replies", "{\"agentId\":\"wa-" + tag + "\",\"body\":\"Found it\"}");
      assertThat(json.readTree(next(live, "message")).get("body").asText()).isEqualTo("Found it");
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  @Test
  void aSiteNeedsAChatChannelAndOriginsWithoutPaths() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/inboxes/wx-" + tag, "{\"name\":\"X\",\"routing\":{\"mode\":\"NONE\"}}");
    putJson("/api/channels/wm-" + tag, "{\"inboxId\":\"wx-" + tag + "\",\"type\":\"TEAM_EMAIL\",\"name\":\"Mail\"}");
    putJson("/api/channels/wch-" + tag, "{\"inboxId\":\"wx-" + tag + "\",\"type\":\"CHAT\",\"name\":\"Chat\"}");
    var mail = putJson("/api/sites/x-" + tag, "{\"name\":\"X\",\"channelId\":\"wm-" + tag + "\",\"allowedOrigins\":[\"https://x.example\"]}");
    assertThat(mail.getStatusCode().value()).isEqualTo(400);
    assertThat(mail.getBody().toString()).contains("channelId").contains("is not a CHAT channel");
    var path = putJson("/api/sites/x-" + tag, "{\"name\":\"X\",\"channelId\":\"wch-" + tag + "\",\"allowedOrigins\":[\"https://x.example/shop\"]}");
    assertThat(path.getStatusCode().value()).isEqualTo(400);
    assertThat(path.getBody().toString()).contains("allowedOrigins[0]");
    assertThat(putJson("/api/sites/x-" + tag, "{\"name\":\"X\",\"channelId\":\"wch-" + tag + "\",\"allowedOrigins\":[]}").getStatusCode().value()).isEqualTo(400);
    assertThat(rest.getForObject("/api/sites", JsonNode.class).toString()).doesNotContain("x-" + tag);
  }
}
