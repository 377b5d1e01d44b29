package dev.pulse.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pulse.testing.PulseStackTest;
import dev.pulse.testing.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint, for every role: without credentials 401 (unless public), with a role the
 * endpoint is not for 403, with one it is for neither (the handler then answers 2xx, or 400/404
 * for the placeholder ids this walk uses). The table below is the design, written out by hand;
 * an endpoint missing from it fails the test, so a new endpoint must be given its roles.
 */
class AccessControlTest extends PulseStackTest {

  private static final String PUBLIC = "PUBLIC";

  /** METHOD path → who may call it (roles, or PUBLIC). */
  private static final Map<String, Set<String>> DESIGN = new LinkedHashMap<>();

  static {
    Set<String> admin = Set.of("ADMIN");
    Set<String> analyst = Set.of("ADMIN", "ANALYST");
    Set<String> service = Set.of("ADMIN", "SERVICE");
    Set<String> agent = Set.of("ADMIN", "AGENT");
    Set<String> open = Set.of(PUBLIC);
    // public: the answer page, the widget, answers, the console page and the API docs
    put(open, "GET /r/{token}", "POST /r/{token}", "GET /u/{token}", "POST /u/{token}", "POST /api/targeting/evaluate", "POST /api/targeting/web-surveys/shown",
        "POST /api/widget/{siteId}/sessions", "POST /api/widget/{siteId}/targeting", "POST /api/widget/{siteId}/messages", "GET /api/widget/{siteId}/messages",
        "POST /api/widget/{siteId}/events/tickets", "GET /api/widget/{siteId}/events", "GET /api/widget/{siteId}/survey", "POST /api/widget/{siteId}/survey",
        "POST /api/widget/{siteId}/web-survey/shown", "POST /api/widget/{siteId}/web-survey/answer", "POST /api/widget/{siteId}/contact", "POST /api/responses",
        "GET /console", "GET /console/", "GET /inbox", "GET /inbox/", "GET /actuator/health", "GET /v3/api-docs", "GET /v3/api-docs.yaml", "GET /v3/api-docs/swagger-config",
        "GET /swagger-ui.html");
    // services
    put(service, "POST /api/processes/{processId}/instances", "POST /api/messages", "POST /api/channels/{id}/messages",
        "POST /api/surveys/{id}/deliveries", "PUT /api/contacts/{id}", "POST /api/contacts/batch", "POST /api/visitor-identification", "PUT /api/companies/{id}", "PUT /api/deals/{id}",
        "PUT /api/lists/{id}/members/{contactId}", "DELETE /api/lists/{id}/members/{contactId}", "GET /actuator/prometheus");
    // agents
    put(agent, "GET /api/conversations/{id}", "POST /api/conversations/{id}/replies", "POST /api/conversations/{id}/assign",
        "POST /api/conversations/{id}/close", "POST /api/conversations/{id}/reopen", "PUT /api/agents/{id}/status", "PUT /api/tickets/{id}/stage",
        "POST /api/tickets/{id}/close");
    put(agent, "GET /api/conversations", "POST /api/conversations/{id}/notes");
    put(Set.of("ADMIN", "AGENT", "ANALYST", "SERVICE"), "GET /api/me");
    put(Set.of("ADMIN", "AGENT", "ANALYST"), "GET /api/tickets/{id}", "GET /api/inboxes/{id}/availability", "GET /api/tickets", "GET /api/inboxes",
        "GET /api/channels", "GET /api/agents", "GET /api/teams", "GET /api/calendars", "GET /api/contacts/{id}/conversations");
    // analysts
    put(analyst, "POST /api/surveys", "GET /api/surveys", "GET /api/surveys/{id}", "PUT /api/surveys/{id}", "POST /api/surveys/{id}/publish",
        "POST /api/surveys/{id}/unpublish", "POST /api/surveys/{id}/clone", "GET /api/surveys/{id}/enrollment", "GET /api/surveys/{id}/preview",
        "POST /api/surveys/{id}/test-send", "GET /api/surveys/{id}/test-sends", "GET /api/surveys/tokens", "GET /api/surveys/{id}/recipients", "GET /api/surveys/funnels",
        "GET /api/rules", "GET /api/rules/{domain}", "POST /api/rules/{domain}/reload", "POST /api/rules/{domain}/validate",
        "GET /api/rules/{domain}/history", "GET /api/rules/{domain}/history/{version}", "POST /api/rules/{domain}/rollback",
        "POST /api/rules/{domain}/test", "POST /api/rules/{domain}/evaluate", "GET /api/rules/recipients/decisions/{surveyId}/{contactId}",
        "POST /api/rules/recipients/dry-run", "POST /api/surveys/{id}/recipients/dry-run",
        "POST /api/chatflows", "GET /api/chatflows", "GET /api/chatflows/{id}", "PUT /api/chatflows/{id}", "DELETE /api/chatflows/{id}",
        "GET /api/processes", "GET /api/processes/{processId}/statistics", "GET /api/processes/{processId}/versions/{version}/bpmn",
        "GET /api/processes/{processId}/tests", "POST /api/processes/{processId}/test", "GET /api/sites",
        "GET /api/deployments", "POST /api/deployments", "GET /api/deployments/diff", "POST /api/deployments/rollback",
        "GET /api/process-instances", "GET /api/process-instances/{key}", "GET /api/incidents", "GET /api/bulk-operations",
        "GET /api/bulk-operations/{id}", "GET /api/contacts", "GET /api/contacts/{id}", "GET /api/lists", "GET /api/lists/{id}/members",
        "PUT /api/lists/{id}", "GET /api/responses/{deliveryId}", "GET /api/analytics/conversations",
        "GET /api/analytics/surveys", "GET /api/analytics/surveys/responses", "GET /api/analytics/surveys/responses.csv",
        "POST /v2/process-instances/search", "GET /v2/process-instances/{key}", "POST /v2/element-instances/search", "POST /v2/incidents/search",
        "GET /v2/incidents/{key}", "POST /v2/variables/search", "POST /v2/process-definitions/search",
        "POST /v2/process-definitions/{key}/statistics/element-instances");
    // admins only
    put(admin, "DELETE /api/contacts/{id}", "POST /api/keys", "GET /api/keys", "DELETE /api/keys/{id}", "GET /api/audit",
        "POST /api/process-instances/{key}/cancel", "POST /api/incidents/{key}/resolve", "POST /api/process-instances/{key}/variables",
        "POST /api/process-instances/{key}/modification", "POST /api/process-instances/{key}/migration", "POST /api/process-instances/bulk/cancel",
        "POST /api/process-instances/bulk/retry", "POST /api/admin/reconcile", "PUT /api/teams/{id}", "PUT /api/agents/{id}",
        "PUT /api/calendars/{id}", "PUT /api/inboxes/{id}", "PUT /api/sites/{id}", "PUT /api/channels/{id}", "GET /api/dev/mailbox", "GET /actuator/metrics");
  }

  private static void put(Set<String> who, String... endpoints) {
    for (String e : endpoints) {
      assertThat(DESIGN.put(e, who)).as("listed twice: " + e).isNull();
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<ApiKeys.Role, String> keys = new EnumMap<>(ApiKeys.Role.class);

  @BeforeEach
  void keys() {
    for (ApiKeys.Role role : ApiKeys.Role.values()) {
      String body = "{\"name\":\"walk " + role + "\",\"roles\":[\"" + role + "\"]" + (role == ApiKeys.Role.AGENT ? ",\"agentId\":\"walker\"" : "") + "}";
      JsonNode created = postJson("/api/keys", body).getBody();
      keys.put(role, created.get("value").asText());
    }
  }

  @Test
  void everyEndpointAnswersEveryRoleAsDesigned() throws Exception {
    RequestMappingHandlerMapping mappings = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    Set<String> registered = new TreeSet<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      for (String path : info.getPatternValues()) {
        if (path.equals("/error")) {
          continue;
        }
        info.getMethodsCondition().getMethods().forEach(m -> registered.add(m.name() + " " + path));
      }
    }
    registered.addAll(List.of("GET /actuator/health", "GET /actuator/prometheus", "GET /actuator/metrics"));
    assertThat(DESIGN.keySet()).as("every endpoint has its roles in the design table").containsAll(registered);

    List<String> wrong = new ArrayList<>();
    for (String endpoint : registered) {
      Set<String> allowed = DESIGN.get(endpoint);
      String[] parts = endpoint.split(" ", 2);
      int anonymous = call(parts[0], parts[1], null);
      if (allowed.contains(PUBLIC)) {
        check(wrong, endpoint, "anonymous", anonymous != 401 && anonymous != 403, anonymous);
        continue;
      }
      check(wrong, endpoint, "anonymous", anonymous == 401, anonymous);
      for (ApiKeys.Role role : ApiKeys.Role.values()) {
        int status = call(parts[0], parts[1], keys.get(role));
        boolean ok = allowed.contains(role.name()) ? status != 401 && status != 403 : status == 403;
        check(wrong, endpoint, role.name(), ok, status);
      }
    }
    assertThat(wrong).as("endpoints answering a role not as designed").isEmpty();
  }

  @Test
  void unauthorizedAndForbiddenAreProblemJsonSayingWhy() throws Exception {
    HttpResponse<String> none = send("DELETE", "/api/contacts/someone", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(none.body()).contains("Authorization: Bearer");
    HttpResponse<String> analyst = send("DELETE", "/api/contacts/someone", keys.get(ApiKeys.Role.ANALYST));
    assertThat(analyst.statusCode()).isEqualTo(403);
    assertThat(analyst.body()).contains("Your roles do not allow DELETE /api/contacts/someone");
  }

  @Test
  void aRevokedOrAlteredKeyIsRefusedAndKeyChangesAreAudited() throws Exception {
    JsonNode created = postJson("/api/keys", "{\"name\":\"short-lived\",\"roles\":[\"ANALYST\"]}").getBody();
    String value = created.get("value").asText();
    String id = created.at("/key/id").asText();
    assertThat(send("GET", "/api/surveys", value).statusCode()).isEqualTo(200);
    String altered = value.substring(0, value.length() - 1) + (value.endsWith("A") ? "B" : "A");
    assertThat(send("GET", "/api/surveys", altered).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/surveys", "pulse_nosuchkey999_" + "A".repeat(43)).statusCode()).isEqualTo(401);

    assertThat(rest.exchange("/api/keys/" + id, org.springframework.http.HttpMethod.DELETE, null, JsonNode.class).getBody().get("revokedAt").isNull()).isFalse();
    assertThat(send("GET", "/api/surveys", value).statusCode()).isEqualTo(401);
    JsonNode listed = rest.getForObject("/api/keys", JsonNode.class);
    assertThat(listed.toString()).contains(id).doesNotContain(value.substring(19)); // never the secret
    assertThat(rest.getForObject("/api/audit?action=KEY_CREATE&target=" + id, JsonNode.class)).hasSize(1);
    assertThat(rest.getForObject("/api/audit?action=KEY_REVOKE&target=" + id, JsonNode.class)).hasSize(1);
    assertThat(postJson("/api/keys", "{\"name\":\"agent without agent\",\"roles\":[\"AGENT\"]}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void oidcTokensCarryTheirRolesAndForgedAlteredOrExpiredOnesAreRefused() throws Exception {
    PrivateKey signing = TestStack.tokenKeys().getPrivate();
    String analyst = token(signing, "ann", List.of("ANALYST"), Instant.now().plusSeconds(300));
    assertThat(send("GET", "/api/surveys", analyst).statusCode()).isEqualTo(200);
    assertThat(send("DELETE", "/api/contacts/someone", analyst).statusCode()).isEqualTo(403);
    // the audit log names the person from the token
    postJsonAs("/api/rules/scoring/reload", analyst);
    assertThat(rest.getForObject("/api/audit?action=RULES_RELOAD", JsonNode.class).toString()).contains("\"actor\":\"ann\"");

    PrivateKey other = KeyPairGenerator.getInstance("RSA").genKeyPair().getPrivate();
    assertThat(send("GET", "/api/surveys", token(other, "mallory", List.of("ADMIN"), Instant.now().plusSeconds(300))).statusCode()).as("forged").isEqualTo(401);
    String[] parts = analyst.split("\\.");
    String adminClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("ANALYST", "ADMIN").getBytes());
    assertThat(send("DELETE", "/api/contacts/someone", parts[0] + "." + adminClaims + "." + parts[2]).statusCode()).as("altered").isEqualTo(401);
    assertThat(send("GET", "/api/surveys", token(signing, "ann", List.of("ANALYST"), Instant.now().minusSeconds(120))).statusCode()).as("expired").isEqualTo(401);
  }

  @Test
  void anAgentWorksOnlyItsInboxesConversationsAndSetsOnlyItsOwnStatus() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/teams/t-" + tag, "{\"name\":\"Team " + tag + "\"}");
    putJson("/api/agents/mine-" + tag, "{\"status\":\"available\",\"teams\":[\"t-" + tag + "\"],\"capacity\":5}");
    putJson("/api/agents/other-" + tag, "{\"status\":\"available\",\"teams\":[],\"capacity\":5}");
    putJson("/api/inboxes/in-" + tag, "{\"name\":\"Mine\",\"routing\":{\"mode\":\"SPECIFIC\",\"teamIds\":[\"t-" + tag + "\"]}}");
    putJson("/api/channels/ch-" + tag, "{\"inboxId\":\"in-" + tag + "\",\"type\":\"CHAT\",\"name\":\"Chat\"}");
    postJson("/api/channels/ch-" + tag + "/messages", "{\"messageId\":\"m-" + tag + "\",\"from\":{\"visitorId\":\"v-" + tag + "\"},\"body\":\"Hi\"}");
    String conversation = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
        "SELECT id FROM conversations WHERE channel_id = ?", String.class, "ch-" + tag).stream().findFirst().orElse(null), java.util.Objects::nonNull);

    String mine = postJson("/api/keys", "{\"name\":\"mine\",\"roles\":[\"AGENT\"],\"agentId\":\"mine-" + tag + "\"}").getBody().get("value").asText();
    String other = postJson("/api/keys", "{\"name\":\"other\",\"roles\":[\"AGENT\"],\"agentId\":\"other-" + tag + "\"}").getBody().get("value").asText();
    assertThat(send("GET", "/api/conversations/" + conversation, mine).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/conversations/" + conversation, other).statusCode()).isEqualTo(403);
    assertThat(sendJson("POST", "/api/conversations/" + conversation + "/replies", mine, "{\"agentId\":\"other-" + tag + "\",\"body\":\"Hello\"}").statusCode())
        .as("acting as someone else").isEqualTo(403);
    assertThat(sendJson("PUT", "/api/agents/mine-" + tag + "/status", mine, "{\"status\":\"away\"}").statusCode()).isEqualTo(200);
    assertThat(sendJson("PUT", "/api/agents/other-" + tag + "/status", mine, "{\"status\":\"away\"}").statusCode()).isEqualTo(403);
  }

  /**
   * Least privilege in the routing modes that name nobody: an inbox routed by contact owner gives
   * its conversations (and their tickets) to the owner they are assigned to; an unrouted inbox to
   * the agents of its access list. Every conversation endpoint and every ticket endpoint is walked
   * with the agent that works it and the one that does not.
   */
  @Test
  void inInboxesRoutedByOwnerOrNotRoutedAnAgentReachesOnlyItsOwnConversationsAndTickets() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String a = "owner-a-" + tag;
    String b = "member-b-" + tag;
    putJson("/api/agents/" + a, "{\"status\":\"available\",\"teams\":[],\"capacity\":5}");
    putJson("/api/agents/" + b, "{\"status\":\"available\",\"teams\":[],\"capacity\":5}");
    putJson("/api/contacts/owned-" + tag, "{\"email\":\"owned-" + tag + "@customer.test\",\"ownerId\":\"" + a + "\"}");
    putJson("/api/inboxes/by-owner-" + tag, "{\"name\":\"By owner\",\"routing\":{\"mode\":\"CONTACT_OWNER\"}}");
    assertThat(putJson("/api/channels/mail-" + tag, "{\"inboxId\":\"by-owner-" + tag + "\",\"type\":\"TEAM_EMAIL\",\"name\":\"Mail\",\"createTickets\":true}").getStatusCode().is2xxSuccessful()).isTrue();
    putJson("/api/inboxes/unrouted-" + tag, "{\"name\":\"Unrouted\",\"routing\":{\"mode\":\"NONE\"},\"access\":{\"userIds\":[\"" + b + "\"]}}");
    assertThat(putJson("/api/channels/form-" + tag, "{\"inboxId\":\"unrouted-" + tag + "\",\"type\":\"FORM\",\"name\":\"Form\"}").getStatusCode().is2xxSuccessful()).isTrue();
    postJson("/api/channels/mail-" + tag + "/messages", "{\"messageId\":\"om-" + tag + "\",\"from\":{\"email\":\"owned-" + tag + "@customer.test\"},\"body\":\"My order\"}");
    postJson("/api/channels/form-" + tag + "/messages", "{\"messageId\":\"fm-" + tag + "\",\"from\":{\"email\":\"walkin-" + tag + "@customer.test\"},\"body\":\"A question\"}");
    String owned = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
        "SELECT id FROM conversations WHERE channel_id = ?", String.class, "mail-" + tag).stream().findFirst().orElse(null), java.util.Objects::nonNull);
    try {
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> a.equals(jdbc.queryForObject(
          "SELECT assignee_id FROM conversations WHERE id = ?", String.class, owned)));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("not assigned to the owner: " + rest.getForObject("/api/conversations/" + owned, String.class), e);
    }
    String unrouted = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
        "SELECT id FROM conversations WHERE channel_id = ?", String.class, "form-" + tag).stream().findFirst().orElse(null), java.util.Objects::nonNull);
    String ticket = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
        "SELECT id FROM tickets WHERE source_key = ?", String.class, "conversation:" + owned).stream().findFirst().orElse(null), java.util.Objects::nonNull);

    String keyA = postJson("/api/keys", "{\"name\":\"a\",\"roles\":[\"AGENT\"],\"agentId\":\"" + a + "\"}").getBody().get("value").asText();
    String keyB = postJson("/api/keys", "{\"name\":\"b\",\"roles\":[\"AGENT\"],\"agentId\":\"" + b + "\"}").getBody().get("value").asText();
    List<String> wrong = new ArrayList<>();
    walk(wrong, owned, a, keyA, b, keyB);
    walk(wrong, unrouted, b, keyB, a, keyA);
    assertThat(wrong).as("conversation endpoints answering as not designed").isEmpty();
    // the lists hold only what each agent works
    assertThat(send("GET", "/api/conversations?size=200", keyA).body()).contains(owned).doesNotContain(unrouted);
    assertThat(send("GET", "/api/conversations?size=200", keyB).body()).contains(unrouted).doesNotContain(owned);
    assertThat(send("GET", "/api/contacts/owned-" + tag + "/conversations", keyB).body()).doesNotContain(owned);

    assertThat(send("GET", "/api/tickets/" + ticket, keyA).statusCode()).as("the owner's own ticket").isEqualTo(200);
    assertThat(send("GET", "/api/tickets?size=200", keyA).body()).contains(ticket);
    assertThat(send("GET", "/api/tickets?size=200", keyB).body()).doesNotContain(ticket);
    assertThat(send("GET", "/api/tickets/" + ticket, keyB).statusCode()).isEqualTo(403);
    assertThat(sendJson("PUT", "/api/tickets/" + ticket + "/stage", keyB, "{\"stage\":\"waiting\"}").statusCode()).isEqualTo(403);
    assertThat(sendJson("POST", "/api/tickets/" + ticket + "/close", keyB, "{}").statusCode()).isEqualTo(403);
    assertThat(sendJson("PUT", "/api/tickets/" + ticket + "/stage", keyA, "{\"stage\":\"waiting\"}").statusCode()).isEqualTo(200);
    assertThat(jdbc.queryForObject("SELECT stage FROM tickets WHERE id = ?", String.class, ticket)).isEqualTo("waiting");
  }

  /** The agent that works the conversation reads and replies; the other reaches none of its endpoints. */
  private void walk(List<String> wrong, String conversation, String worker, String workerKey, String outsider, String outsiderKey) throws Exception {
    String base = "/api/conversations/" + conversation;
    check(wrong, "GET " + base, worker, send("GET", base, workerKey).statusCode() == 200, send("GET", base, workerKey).statusCode());
    int reply = sendJson("POST", base + "/replies", workerKey, "{\"agentId\":\"" + worker + "\",\"body\":\"On it\"}").statusCode();
    check(wrong, "POST " + base + "/replies", worker, reply == 200, reply);
    int note = sendJson("POST", base + "/notes", workerKey, "{\"agentId\":\"" + worker + "\",\"body\":\"Internal\"}").statusCode();
    check(wrong, "POST " + base + "/notes", worker, note == 201, note);
    for (String[] call : List.of(
        new String[] {"GET", base, null},
        new String[] {"POST", base + "/replies", "{\"agentId\":\"" + outsider + "\",\"body\":\"Not mine\"}"},
        new String[] {"POST", base + "/assign", "{\"agentId\":\"" + outsider + "\"}"},
        new String[] {"POST", base + "/notes", "{\"agentId\":\"" + outsider + "\",\"body\":\"Not mine\"}"},
        new String[] {"POST", base + "/close", "{}"},
        new String[] {"POST", base + "/reopen", "{}"})) {
      int status = call[2] == null ? send(call[0], call[1], outsiderKey).statusCode() : sendJson(call[0], call[1], outsiderKey, call[2]).statusCode();
      check(wrong, call[0] + " " + call[1], outsider, status == 403, status);
    }
  }

  // ---- helpers ----

  private void check(List<String> wrong, String endpoint, String who, boolean ok, int status) {
    if (!ok) {
      wrong.add(endpoint + " as " + who + " → " + status);
    }
  }

  private int call(String method, String pattern, String key) throws Exception {
    // the walking AGENT key acts as agent "walker": its own status is the one it may set
    String path = pattern.replace("/api/agents/{id}/status", "/api/agents/walker/status")
        .replace("{key}", "12345").replace("{version}", "1").replaceAll("\\{[^}]+}", "x");
    if (method.equals("GET") || method.equals("DELETE")) {
      return send(method, path, key).statusCode();
    }
    return sendJson(method, path, key, "{}").statusCode();
  }

  private HttpResponse<String> send(String method, String path, String credential) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rest.getRootUri() + path)).timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
    if (credential != null) {
      b.header("Authorization", "Bearer " + credential);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> sendJson(String method, String path, String credential, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rest.getRootUri() + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", path.startsWith("/r/") ? "application/x-www-form-urlencoded" : "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(path.startsWith("/r/") ? "score=1" : body));
    if (credential != null) {
      b.header("Authorization", "Bearer " + credential);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void postJsonAs(String path, String credential) throws Exception {
    sendJson("POST", path, credential, "{}");
  }

  private static String token(PrivateKey key, String subject, List<String> roles, Instant expires) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).claim("preferred_username", subject).claim("roles", roles)
        .issueTime(Date.from(Instant.now().minusSeconds(600))).expirationTime(Date.from(expires)).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
