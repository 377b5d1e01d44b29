package dev.pulse.chatflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Web-survey intercepts through the widget's call: the survey a visitor is served on a page, the
 * answer through the response service and the lifecycle's follow-up, and the per-visitor memory
 * that keeps an answered (or once-shown) survey away.
 */
class WebSurveyTargetingTest extends PulseStackTest {

  @Test
  void aVisitorIsServedTheWebSurveyAnswersItAndIsNotAskedAgain() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String host = "web-" + tag + ".example";
    String survey = webSurvey(tag, """
        {"pages": ["%s/help/*"], "excludedPages": ["%s/help/private*"], "trigger": {"type": "SCROLL_PERCENT", "value": 50},
         "frequency": {"type": "ALWAYS"}, "priority": 1}
        """.formatted(host, host));
    String visitor = "visitor-" + tag;

    JsonNode first = evaluate("https://" + host + "/help/returns", visitor, "desktop");
    assertThat(first.at("/webSurvey/surveyId").asText()).as(first.toString()).isEqualTo(survey);
    assertThat(first.at("/webSurvey/trigger").asText()).isEqualTo("AT_50_PERCENT_SCROLL");
    assertThat(first.at("/webSurvey/question").asText()).isEqualTo("How satisfied were you with the service you received?");
    assertThat(first.at("/webSurvey/scale/max").asInt()).isEqualTo(5);
    assertThat(first.at("/webSurvey/thankYou/unhappy/heading").asText()).isNotBlank();
    String token = first.at("/webSurvey/token").asText();
    String delivery = first.at("/webSurvey/deliveryId").asText();
    assertThat(jdbc.queryForObject("SELECT status || ' ' || channel || ' ' || contact_id FROM deliveries WHERE id = ?", String.class, delivery))
        .isEqualTo("SENT WEB visitor:" + visitor);

    // a second page view while it is open reuses the delivery: one per visitor and response window
    JsonNode again = evaluate("https://" + host + "/help/shipping", visitor, "desktop");
    assertThat(again.at("/webSurvey/deliveryId").asText()).isEqualTo(delivery);
    assertThat(jdbc.queryForObject("SELECT served_count FROM web_survey_impressions WHERE visitor_id = ? AND survey_id = ?", Integer.class, visitor, survey))
        .isEqualTo(2);

    // an excluded page does not show it
    JsonNode excluded = evaluate("https://" + host + "/help/private/billing", visitor, "desktop");
    assertThat(excluded.at("/webSurvey/surveyId").asText()).isNotEqualTo(survey);
    assertThat(excluded.at("/trace/decisions").toString()).contains("web-survey:" + survey).contains("this page is excluded");

    // the answer goes through the response service, and the lifecycle classifies and follows it up
    ResponseEntity<JsonNode> answer = postJson("/api/responses", "{\"token\":\"" + token + "\",\"score\":2,\"comment\":\"Could not find the form\",\"channel\":\"WEB\"}");
    assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody())).isEqualTo(HttpStatus.CREATED);
    // (the unhappy follow-up opens a ticket, then waits a day to escalate it)
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM tickets WHERE contact_id = ?", Integer.class, "visitor:" + visitor) == 1);
    assertThat(jdbc.queryForObject("SELECT bucket FROM responses WHERE delivery_id = ?", String.class, delivery)).isEqualTo("UNHAPPY");
    assertThat(jdbc.queryForObject("SELECT status FROM deliveries WHERE id = ?", String.class, delivery)).isEqualTo("ANSWERED");

    // once answered, never again - even though its frequency is "always"
    JsonNode after = evaluate("https://" + host + "/help/returns", visitor, "desktop");
    assertThat(after.at("/webSurvey/surveyId").asText()).isNotEqualTo(survey);
    assertThat(after.at("/trace/decisions").toString()).contains("web-survey:" + survey).contains("the visitor already answered it");
    // another visitor still sees it
    assertThat(evaluate("https://" + host + "/help/returns", "other-" + tag, "desktop").at("/webSurvey/surveyId").asText()).isEqualTo(survey);
  }

  @Test
  void aSurveySetToNeverShowAgainStaysAwayOnceTheWidgetShowedIt() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String host = "once-" + tag + ".example";
    String survey = webSurvey(tag, """
        {"pages": ["%s/*"], "frequency": {"type": "NEVER_AGAIN"}, "priority": 1, "showOnMobile": false}
        """.formatted(host));
    String visitor = "visitor-" + tag;

    assertThat(evaluate("https://" + host + "/", visitor, "mobile").at("/webSurvey/surveyId").asText()).isNotEqualTo(survey);
    JsonNode served = evaluate("https://" + host + "/", visitor, "desktop");
    assertThat(served.at("/webSurvey/surveyId").asText()).isEqualTo(survey);
    // served but not yet displayed (the visitor left before the trigger): it may still come
    assertThat(evaluate("https://" + host + "/pricing", visitor, "desktop").at("/webSurvey/surveyId").asText()).isEqualTo(survey);

    ResponseEntity<JsonNode> shown = postJson("/api/targeting/web-surveys/shown", "{\"token\":\"" + served.at("/webSurvey/token").asText() + "\"}");
    assertThat(shown.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    JsonNode next = evaluate("https://" + host + "/pricing", visitor, "desktop");
    assertThat(next.at("/webSurvey/surveyId").asText()).isNotEqualTo(survey);
    assertThat(next.at("/trace/decisions").toString()).contains("already shown once to this visitor");

    ResponseEntity<JsonNode> forged = postJson("/api/targeting/web-surveys/shown", "{\"token\":\"abc.def\"}");
    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(forged.getBody().get("errors").findValuesAsText("field")).contains("token");
  }

  @Test
  void aKnownContactOnlySeesTheWebSurveyOfItsLists() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String host = "lists-" + tag + ".example";
    putJson("/api/lists/vip-" + tag, "{\"name\":\"VIP " + tag + "\"}");
    putJson("/api/contacts/member-" + tag, "{\"email\":\"member-" + tag + "@x.test\"}");
    rest.exchange("/api/lists/vip-" + tag + "/members/member-" + tag, org.springframework.http.HttpMethod.PUT, null, Void.class);
    putJson("/api/contacts/outsider-" + tag, "{\"email\":\"outsider-" + tag + "@x.test\"}");
    String body = """
        {"name": "VIP web %s", "type": "NPS", "delivery": "WEB", "recipients": {"listIds": ["vip-%s"]},
         "webTargeting": {"pages": ["%s/*"], "who": "LISTS", "priority": 1}}
        """.formatted(tag, tag, host);
    ResponseEntity<JsonNode> created = postJson("/api/surveys", body);
    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    String survey = created.getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");

    JsonNode member = evaluate("https://" + host + "/", "v-m-" + tag, "desktop", "member-" + tag);
    assertThat(member.at("/webSurvey/surveyId").asText()).isEqualTo(survey);
    assertThat(jdbc.queryForObject("SELECT contact_id FROM deliveries WHERE id = ?", String.class, member.at("/webSurvey/deliveryId").asText()))
        .isEqualTo("member-" + tag);
    JsonNode outsider = evaluate("https://" + host + "/", "v-o-" + tag, "desktop", "outsider-" + tag);
    assertThat(outsider.at("/webSurvey/surveyId").asText()).isNotEqualTo(survey);
    assertThat(outsider.at("/trace/decisions").toString()).contains("only for members of its lists");
  }

  /**
   * The forgery that used to work: an anonymous browser call naming any contact got that
   * contact's web survey and an answer token, and the answer counted as the contact's. Now only a
   * visitor with an identification token (which the host page's backend gets with a SERVICE key)
   * is treated as the contact; a bare contact id from a browser is refused; the public trace names
   * no contact, list or answer.
   */
  @Test
  void onlyAnIdentifiedVisitorIsServedAndAnswersAsTheContact() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String host = "ident-" + tag + ".example";
    String survey = webSurvey(tag, """
        {"pages": ["%s/*"], "frequency": {"type": "ALWAYS"}, "priority": 1}
        """.formatted(host));
    String victim = "victim-" + tag;
    putJson("/api/contacts/" + victim, "{\"email\":\"" + victim + "@x.test\"}");
    String url = "https://" + host + "/account";

    for (int i = 0; i < 20; i++) {
      java.net.http.HttpResponse<String> forged = anonymous("{\"url\":\"" + url + "\",\"visitorId\":\"attacker-" + i + "\",\"contactId\":\"" + victim + "\"}");
      assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
      assertThat(forged.body()).contains("\"field\":\"contactId\"").doesNotContain("token\":");
    }
    assertThat(jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE contact_id = ?", Integer.class, victim)).isZero();

    // an anonymous visitor is served as an anonymous visitor, and the trace says nothing about anyone
    java.net.http.HttpResponse<String> anonymous = anonymous("{\"url\":\"" + url + "\",\"visitorId\":\"anon-" + tag + "\"}");
    JsonNode served = json(anonymous.body());
    assertThat(served.at("/webSurvey/surveyId").asText()).as(anonymous.body()).isEqualTo(survey);
    assertThat(served.at("/identified").asBoolean()).isFalse();
    assertThat(served.at("/trace").has("decisions")).isFalse();
    assertThat(served.at("/webSurvey").has("why")).isFalse();
    assertThat(jdbc.queryForObject("SELECT contact_id FROM deliveries WHERE id = ?", String.class, served.at("/webSurvey/deliveryId").asText()))
        .isEqualTo("visitor:anon-" + tag);

    // the host page's backend identifies its logged-in user; the browser passes the token on
    ResponseEntity<JsonNode> issued = postJson("/api/visitor-identification", "{\"email\":\"" + victim + "@x.test\"}");
    assertThat(issued.getStatusCode()).as(String.valueOf(issued.getBody())).isEqualTo(HttpStatus.OK);
    String identification = issued.getBody().get("token").asText();
    java.net.http.HttpResponse<String> identified = anonymous(
        "{\"url\":\"" + url + "\",\"visitorId\":\"real-" + tag + "\",\"identificationToken\":\"" + identification + "\"}");
    JsonNode real = json(identified.body());
    assertThat(real.at("/identified").asBoolean()).as(identified.body()).isTrue();
    String delivery = real.at("/webSurvey/deliveryId").asText();
    assertThat(jdbc.queryForObject("SELECT contact_id FROM deliveries WHERE id = ?", String.class, delivery)).isEqualTo(victim);
    ResponseEntity<JsonNode> answer = postJson("/api/responses", "{\"token\":\"" + real.at("/webSurvey/token").asText() + "\",\"score\":5,\"channel\":\"WEB\"}");
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(jdbc.queryForObject("SELECT contact_id FROM responses WHERE delivery_id = ?", String.class, delivery)).isEqualTo(victim);

    // an altered token, or one naming someone else than the contact id sent with it, is refused
    String altered = identification.substring(0, identification.length() - 2) + (identification.endsWith("AA") ? "BB" : "AA");
    assertThat(anonymous("{\"url\":\"" + url + "\",\"visitorId\":\"v-" + tag + "\",\"identificationToken\":\"" + altered + "\"}").body())
        .contains("\"field\":\"identificationToken\"");
    assertThat(anonymous("{\"url\":\"" + url + "\",\"visitorId\":\"v-" + tag + "\",\"identificationToken\":\"" + identification
        + "\",\"contactId\":\"someone-else\"}").body()).contains("\"field\":\"contactId\"");
    // identifying needs a SERVICE (or ADMIN) key, and a contact that exists
    java.net.http.HttpResponse<String> noKey = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(rest.getRootUri() + "/api/visitor-identification")).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"contactId\":\"" + victim + "\"}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(postJson("/api/visitor-identification", "{\"contactId\":\"nobody-" + tag + "\"}").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  private java.net.http.HttpResponse<String> anonymous(String body) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(rest.getRootUri() + "/api/targeting/evaluate"))
        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String body) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
  }

  @Test
  void badWebTargetingIsRefusedNamingTheField() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    assertField(postJson("/api/surveys", "{\"name\":\"E " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\",\"webTargeting\":{\"pages\":[\"x.example/*\"]}}"),
        "webTargeting");
    assertField(postJson("/api/surveys", "{\"name\":\"W " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"WEB\",\"webTargeting\":{\"pages\":[\"x.example/a b\"]}}"),
        "webTargeting.pages[0]");
    assertField(postJson("/api/surveys", "{\"name\":\"W " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"WEB\",\"webTargeting\":{\"popup\":true}}"),
        "webTargeting.popup");
    assertField(postJson("/api/surveys", "{\"name\":\"W " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"WEB\",\"webTargeting\":{\"frequency\":{\"type\":\"AFTER_DAYS\"}}}"),
        "webTargeting.frequency.days");
    assertField(postJson("/api/surveys", "{\"name\":\"W " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"WEB\",\"webTargeting\":{\"who\":\"LISTS\"}}"),
        "webTargeting.who");
    assertField(postJson("/api/surveys", "{\"name\":\"W " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"WEB\",\"webTargeting\":{\"trigger\":{\"type\":\"SCROLL_PERCENT\",\"value\":150}}}"),
        "webTargeting.trigger.value");
  }

  private void assertField(ResponseEntity<JsonNode> response, String field) {
    assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody().get("errors").findValuesAsText("field")).as(response.getBody().toString()).contains(field);
  }

  private String webSurvey(String tag, String targeting) {
    ResponseEntity<JsonNode> created = postJson("/api/surveys",
        "{\"name\":\"Web " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"WEB\",\"webTargeting\":" + targeting + "}");
    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    String id = created.getBody().get("id").asText();
    assertThat(postJson("/api/surveys/" + id + "/publish", "{}").getStatusCode().is2xxSuccessful()).isTrue();
    return id;
  }

  private JsonNode evaluate(String url, String visitor, String device) {
    return evaluate(url, visitor, device, null);
  }

  private JsonNode evaluate(String url, String visitor, String device, String contactId) {
    String body = "{\"url\":\"" + url + "\",\"visitorId\":\"" + visitor + "\",\"device\":\"" + device + "\""
        + (contactId == null ? "" : ",\"contactId\":\"" + contactId + "\"") + "}";
    ResponseEntity<JsonNode> response = postJson("/api/targeting/evaluate", body);
    assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }
}
