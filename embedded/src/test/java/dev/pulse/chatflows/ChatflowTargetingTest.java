package dev.pulse.chatflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The widget's call: the chatflow a visitor sees on a page, chosen by the targeting rules from
 * the stored chatflows and the teams' availability, with what it should say and why.
 */
class ChatflowTargetingTest extends PulseStackTest {

  @Test
  void theVisitorSeesTheChatflowOfThePageAndOutsideOfficeHoursTheReturnTime() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String host = "t-" + tag + ".example";
    putJson("/api/agents/web-" + tag, "{\"status\":\"available\",\"capacity\":5}");
    putJson("/api/inboxes/open-" + tag, "{\"name\":\"Sales\"}");
    // the support team works one hour a week, on a day that is not today: closed now
    String day = Instant.now().atZone(ZoneOffset.UTC).getDayOfWeek().plus(2).name();
    putJson("/api/calendars/cal-" + tag, "{\"timeZone\":\"UTC\",\"weekly\":{\"" + day + "\":[{\"from\":\"09:00\",\"to\":\"10:00\"}]}}");
    putJson("/api/inboxes/closed-" + tag, "{\"name\":\"Support\",\"calendarId\":\"cal-" + tag + "\"}");
    assertThat(putJson("/api/chatflows/sales-" + tag, """
        {"inboxId": "open-%s", "name": "Sales", "enabled": true, "priority": 1, "welcomeMessage": "Questions about plans?",
         "display": {"desktop": "WELCOME_AS_PROMPT", "trigger": {"type": "SECONDS_ON_PAGE", "value": 5}},
         "availability": {"typicalReplyTime": "a few minutes"},
         "consent": {"processing": "EXPLICIT", "processingText": "We keep this chat."},
         "targeting": {"groups": [{"rules": [{"operator": "MATCHES", "value": "https://%s/pricing/*"}]}],
                       "exclusions": [{"operator": "CONTAINS", "value": "/checkout"}], "hideOnMobile": true}}
        """.formatted(tag, host)).getStatusCode().is2xxSuccessful()).isTrue();
    assertThat(putJson("/api/chatflows/support-" + tag, """
        {"inboxId": "closed-%s", "name": "Support", "enabled": true, "priority": 5, "welcomeMessage": "How can we help?",
         "availability": {"whenOffline": "RETURN_TIME"},
         "targeting": {"groups": [{"rules": [{"operator": "MATCHES", "value": "%s/*"}]}]}}
        """.formatted(tag, host)).getStatusCode().is2xxSuccessful()).isTrue();

    JsonNode pricing = evaluate("https://" + host + "/pricing/plans?ref=x", "desktop", "Asia/Tokyo");
    assertThat(pricing.at("/chatflow/id").asText()).isEqualTo("sales-" + tag);
    assertThat(pricing.at("/chatflow/welcomeMessage").asText()).isEqualTo("Questions about plans?");
    assertThat(pricing.at("/chatflow/trigger/type").asText()).isEqualTo("SECONDS_ON_PAGE");
    assertThat(pricing.at("/chatflow/trigger/value").asInt()).isEqualTo(5);
    assertThat(pricing.at("/chatflow/availability/state").asText()).isEqualTo("available");
    assertThat(pricing.at("/chatflow/availability/message").asText()).isEqualTo("Typically replies in a few minutes");
    assertThat(pricing.at("/chatflow/consent/processingText").asText()).isEqualTo("We keep this chat.");
    assertThat(pricing.at("/trace/firedRules").toString()).contains("Choose the shown chatflow with the lowest priority number");

    // the checkout page excludes the sales chatflow: the support one shows, closed, with its return time
    JsonNode checkout = evaluate("https://" + host + "/pricing/checkout", "desktop", "Asia/Tokyo");
    assertThat(checkout.at("/chatflow/id").asText()).isEqualTo("support-" + tag);
    assertThat(checkout.at("/chatflow/availability/state").asText()).isEqualTo("offline");
    String opening = DayOfWeek.valueOf(day).getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " 18:00";
    assertThat(checkout.at("/chatflow/availability/nextOpeningLocal").asText()).isEqualTo(opening);
    assertThat(checkout.at("/chatflow/availability/message").asText()).isEqualTo("We're back " + opening);
    assertThat(checkout.at("/trace/decisions").toString()).contains("sales-" + tag).contains("excluded here");

    // the same flow in Swedish: its system texts, and the day, follow the flow's language
    assertThat(putJson("/api/chatflows/support-" + tag, """
        {"inboxId": "closed-%s", "name": "Support", "language": "sv", "enabled": true, "priority": 5,
         "availability": {"whenOffline": "RETURN_TIME"},
         "targeting": {"groups": [{"rules": [{"operator": "MATCHES", "value": "%s/*"}]}]}}
        """.formatted(tag, host)).getStatusCode().is2xxSuccessful()).isTrue();
    String dag = DayOfWeek.valueOf(day).getDisplayName(TextStyle.FULL, Locale.forLanguageTag("sv")) + " 18:00";
    JsonNode swedish = evaluate("https://" + host + "/pricing/checkout", "desktop", "Asia/Tokyo");
    assertThat(swedish.at("/chatflow/availability/message").asText()).isEqualTo("Vi är tillbaka " + dag);
    assertThat(swedish.at("/chatflow/availability/nextOpeningLocal").asText()).isEqualTo(dag);

    // on a phone the sales chatflow hides itself; elsewhere on the site only support matches
    assertThat(evaluate("https://" + host + "/pricing/plans", "mobile", null).at("/chatflow/id").asText()).isEqualTo("support-" + tag);
    JsonNode elsewhere = evaluate("https://other-" + tag + ".example/pricing/plans", "desktop", null);
    assertThat(elsewhere.path("chatflow").isNull() || elsewhere.path("chatflow").isMissingNode()).as(elsewhere.toString()).isTrue();
  }

  @Test
  void visitorInformationDecides_knownContactsInAListOrWithMatchingPropertiesSeeTheirChatflow() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String host = "who-" + tag + ".example";
    putJson("/api/inboxes/who-" + tag, "{\"name\":\"Who\"}");
    putJson("/api/lists/partners-" + tag, "{\"name\":\"Partners " + tag + "\"}");
    putJson("/api/contacts/partner-" + tag, "{\"email\":\"p-" + tag + "@x.test\",\"lastname\":\"Partner\"}");
    rest.exchange("/api/lists/partners-" + tag + "/members/partner-" + tag, org.springframework.http.HttpMethod.PUT, null, Void.class);
    putJson("/api/contacts/customer-" + tag, "{\"email\":\"c-" + tag + "@x.test\",\"lastname\":\"Customer\",\"lifecycleStage\":\"customer\"}");
    String flows = """
        {"inboxId": "who-%1$s", "name": "%2$s", "enabled": true, "priority": %3$d,
         "targeting": {"groups": [{"rules": [{"operator": "MATCHES", "value": "%4$s/*"}]}], %5$s}}
        """;
    putJson("/api/chatflows/partners-" + tag, flows.formatted(tag, "Partners", 1, host, "\"listIds\": [\"partners-" + tag + "\"]"));
    putJson("/api/chatflows/customers-" + tag, flows.formatted(tag, "Customers", 2, host,
        "\"contactFilters\": [{\"filters\": [{\"property\": \"lifecyclestage\", \"operator\": \"IS\", \"values\": [\"customer\"]}]}]"));
    putJson("/api/chatflows/strangers-" + tag, flows.formatted(tag, "Strangers", 3, host, "\"visitors\": \"UNKNOWN_VISITORS\""));
    putJson("/api/chatflows/known-" + tag, flows.formatted(tag, "Known", 4, host, "\"visitors\": \"KNOWN_CONTACTS\""));

    assertThat(evaluateAs(host, "partner-" + tag).at("/chatflow/id").asText()).isEqualTo("partners-" + tag);
    JsonNode customer = evaluateAs(host, "customer-" + tag);
    assertThat(customer.at("/chatflow/id").asText()).isEqualTo("customers-" + tag);
    assertThat(customer.at("/trace/decisions").toString()).contains("only for members of [partners-" + tag + "]");
    assertThat(evaluateAs(host, null).at("/chatflow/id").asText()).isEqualTo("strangers-" + tag);
    // an id that names no contact is an unknown visitor
    assertThat(evaluateAs(host, "nobody-" + tag).at("/chatflow/id").asText()).isEqualTo("strangers-" + tag);
    putJson("/api/contacts/lead-" + tag, "{\"email\":\"l-" + tag + "@x.test\",\"lifecycleStage\":\"lead\"}");
    assertThat(evaluateAs(host, "lead-" + tag).at("/chatflow/id").asText()).isEqualTo("known-" + tag);
  }

  private JsonNode evaluateAs(String host, String contactId) {
    ResponseEntity<JsonNode> response = postJson("/api/targeting/evaluate",
        "{\"url\":\"https://" + host + "/pricing\",\"visitorId\":\"v-" + contactId + "\"" + (contactId == null ? "" : ",\"contactId\":\"" + contactId + "\"") + "}");
    assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  @Test
  void aMalformedPageOrTimeZoneIsRefusedNamingTheField() {
    ResponseEntity<JsonNode> url = postJson("/api/targeting/evaluate", "{\"url\":\"not a url\",\"visitorId\":\"v\"}");
    assertThat(url.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(url.getBody().get("errors").findValuesAsText("field")).contains("url");
    ResponseEntity<JsonNode> zone = postJson("/api/targeting/evaluate", "{\"url\":\"https://x.example/\",\"visitorId\":\"v\",\"timeZone\":\"Mars/Olympus\"}");
    assertThat(zone.getBody().get("errors").findValuesAsText("field")).contains("timeZone");
    ResponseEntity<JsonNode> device = postJson("/api/targeting/evaluate", "{\"url\":\"https://x.example/\",\"visitorId\":\"v\",\"device\":\"fridge\"}");
    assertThat(device.getBody().get("errors").findValuesAsText("field")).contains("device");
  }

  private JsonNode evaluate(String url, String device, String timeZone) {
    String body = "{\"url\":\"" + url + "\",\"visitorId\":\"visitor-1\",\"device\":\"" + device + "\"" + (timeZone == null ? "" : ",\"timeZone\":\"" + timeZone + "\"") + "}";
    ResponseEntity<JsonNode> response = postJson("/api/targeting/evaluate", body);
    assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }
}
