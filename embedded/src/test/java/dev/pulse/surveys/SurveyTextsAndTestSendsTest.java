package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * What a customer reads: every token the editor offers filled (contact, company, owner, agent,
 * survey), one it cannot fill refused at save; the page and the mail in the survey's language; a
 * footer with the sender's address and an unsubscribe link that works. And test sends: real
 * mails whose links answer, with the answers kept apart.
 */
class SurveyTextsAndTestSendsTest extends PulseStackTest {

  @Test
  void tokensAreFilledInTheRealMailAndATokenPulseCannotFillIsRefusedAtSave() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/agents/owner-" + tag, "{\"name\":\"Olivia Owner\",\"email\":\"olivia-" + tag + "@pulse.test\"}");
    putJson("/api/companies/tc-" + tag, "{\"name\":\"Tokens Inc " + tag + "\"}");
    putJson("/api/contacts/tok-" + tag, "{\"email\":\"tok-" + tag + "@x.test\",\"firstname\":\"Tia\",\"companyId\":\"tc-" + tag + "\",\"ownerId\":\"owner-" + tag + "\"}");

    for (String[] bad : new String[][] {
        {"{{deal.amount}}", "Pulse cannot fill 'deal' tokens"},
        {"{{contact.nosuchprop" + tag + "}}", "is not a known contact property"},
        {"{{contact.first name}}", "is not a token"},
        {"{{owner.phone}}", "is not a known owner property"}}) {
      ResponseEntity<JsonNode> refused = postJson("/api/surveys", """
          {"name": "Bad token %s", "type": "CSAT", "delivery": "EMAIL", "email": {"intro": "Hello %s"}}""".formatted(tag, bad[0]));
      assertThat(refused.getStatusCode().value()).as(bad[0]).isEqualTo(400);
      assertThat(refused.getBody().get("errors").findValuesAsText("field")).containsExactly("email.intro");
      assertThat(refused.getBody().toString()).contains(bad[1]);
    }
    assertThat(rest.getForObject("/api/surveys/tokens", JsonNode.class).fieldNames()).toIterable()
        .containsExactly("contact", "company", "owner", "agent", "survey");

    String survey = created("""
        {"name": "Tokens %s", "type": "CSAT", "delivery": "EMAIL",
         "email": {"subject": "{{contact.firstname|Friend}}, how was {{company.name}}?",
                   "intro": "{{owner.firstname}} {{owner.lastname}} ({{agent.email}}) asks about {{survey.name}} ({{survey.type}}), {{contact.phone|no phone}}.",
                   "companyName": "Pulse Demo AB", "companyAddress": "Storgatan 1, 111 22 Stockholm"}}""".formatted(tag));
    postJson("/api/surveys/" + survey + "/test-send", "{\"to\":\"tok-inbox-" + tag + "@x.test\",\"contactId\":\"tok-" + tag + "\"}");
    JsonNode mail = awaitMail("tok-inbox-" + tag + "@x.test");
    assertThat(mail.get("subject").asText()).isEqualTo("[Test] Tia, how was Tokens Inc " + tag + "?");
    String text = mail.get("text").asText();
    assertThat(text).contains("Olivia Owner (olivia-" + tag + "@pulse.test) asks about Tokens " + tag + " (CSAT), no phone.");
    assertThat(text).doesNotContain("{{");
    assertThat(text).contains("Pulse Demo AB").contains("Storgatan 1, 111 22 Stockholm");
  }

  @Test
  void pagesAndMailsSpeakTheSurveysLanguage() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String swedish = created("{\"name\": \"Svensk " + tag + "\", \"type\": \"NPS\", \"delivery\": \"EMAIL\", \"language\": \"sv\"}");
    postJson("/api/surveys/" + swedish + "/test-send", "{\"to\":\"sv-" + tag + "@x.test\"}");
    JsonNode mail = awaitMail("sv-" + tag + "@x.test");
    assertThat(mail.get("subject").asText()).isEqualTo("[Test] Hur gick det?");
    assertThat(mail.get("text").asText()).contains("Hur troligt är det att du skulle rekommendera oss").contains("Avsluta prenumerationen");
    String answer = path(firstScoreLink(mail, 9));
    ResponseEntity<String> page = rest.getForEntity(answer, String.class);
    assertThat(page.getBody()).contains("lang=\"sv\"").contains(">Skicka<").contains("Ditt betyg").contains("Vad roligt att höra!");
    ResponseEntity<String> offScale = rest.getForEntity(answer.replace("score=9", "score=11"), String.class);
    assertThat(offScale.getStatusCode().value()).isEqualTo(400);
    assertThat(offScale.getBody()).contains("Välj ett betyg på skalan.");

    String german = created("{\"name\": \"Deutsch " + tag + "\", \"type\": \"CES\", \"delivery\": \"EMAIL\", \"language\": \"de\"}");
    JsonNode preview = rest.getForObject("/api/surveys/" + german + "/preview", JsonNode.class);
    assertThat(preview.get("subject").asText()).isEqualTo("Wie waren wir?");
    assertThat(preview.get("text").asText()).contains("Wie einfach war es, Ihr Anliegen zu lösen?");
    assertThat(preview.get("pages").toString()).contains("Das freut uns!").contains("Was könnten wir besser machen?").doesNotContain("What could we do better");

    String danish = created("{\"name\": \"Dansk " + tag + "\", \"type\": \"CSAT\", \"delivery\": \"EMAIL\", \"language\": \"da\"}");
    assertThat(rest.getForObject("/api/surveys/" + danish + "/preview", JsonNode.class).get("text").asText())
        .contains("Hvor tilfreds var du med den service, du fik?");
  }

  @Test
  void theUnsubscribeLinkAsksThenUnsubscribesTheContact() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    putJson("/api/contacts/un-" + tag, "{\"email\":\"un-" + tag + "@x.test\",\"language\":\"de\"}");
    String survey = created("{\"name\": \"Unsub " + tag + "\", \"type\": \"CSAT\", \"delivery\": \"EMAIL\"}");
    postJson("/api/surveys/" + survey + "/test-send", "{\"to\":\"un-inbox-" + tag + "@x.test\",\"contactId\":\"un-" + tag + "\"}");
    JsonNode mail = awaitMail("un-inbox-" + tag + "@x.test");
    String unsubscribe = StreamSupport.stream(mail.get("links").spliterator(), false).map(JsonNode::asText).filter(l -> l.contains("/u/")).findFirst().orElseThrow();

    ResponseEntity<String> asked = rest.getForEntity(path(unsubscribe), String.class);
    assertThat(asked.getStatusCode().value()).isEqualTo(200);
    assertThat(asked.getBody()).contains("Keine Umfragen mehr senden");
    assertThat(rest.getForObject("/api/contacts/un-" + tag, JsonNode.class).get("unsubscribed").asBoolean()).as("opening the link changes nothing").isFalse();

    ResponseEntity<String> done = rest.exchange(path(unsubscribe), HttpMethod.POST, form("List-Unsubscribe", "One-Click"), String.class);
    assertThat(done.getStatusCode().value()).isEqualTo(200);
    assertThat(done.getBody()).contains("Sie erhalten keine Umfragen mehr von uns.");
    assertThat(rest.getForObject("/api/contacts/un-" + tag, JsonNode.class).get("unsubscribed").asBoolean()).isTrue();

    String forged = path(unsubscribe).substring(0, path(unsubscribe).length() - 3) + "abc";
    assertThat(rest.exchange(forged, HttpMethod.POST, form("x", "y"), String.class).getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void aTestSendsLinkOpensTheRealPageAndItsAnswerIsKeptApart() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String survey = created("""
        {"name": "Test send %s", "type": "CSAT", "delivery": "EMAIL",
         "thankYou": {"unhappy": {"heading": "Sorry {{contact.firstname|friend}}", "body": "We will call you."}}}""".formatted(tag));
    ResponseEntity<JsonNode> sent = postJson("/api/surveys/" + survey + "/test-send", "{\"to\":\"ts-" + tag + "@x.test\"}");
    String testSendId = sent.getBody().get("testSendId").asText();
    JsonNode mail = awaitMail("ts-" + tag + "@x.test");
    String link = path(firstScoreLink(mail, 1));

    ResponseEntity<String> page = rest.getForEntity(link, String.class);
    assertThat(page.getStatusCode().value()).isEqualTo(200);
    assertThat(page.getBody()).contains("This is a test send").contains("What went wrong?").doesNotContain("This link is not valid");

    String token = link.substring("/r/".length(), link.indexOf('?'));
    MultiValueMap<String, String> answer = new LinkedMultiValueMap<>();
    answer.add("score", "1");
    answer.add("comment", "just testing");
    ResponseEntity<String> thanks = rest.exchange("/r/" + token, HttpMethod.POST, new HttpEntity<>(answer, formHeaders()), String.class);
    assertThat(thanks.getStatusCode().value()).isEqualTo(200);
    assertThat(thanks.getBody()).contains("Sorry Alex").contains("This is a test send");
    assertThat(rest.exchange("/r/" + token, HttpMethod.POST, new HttpEntity<>(answer, formHeaders()), String.class).getStatusCode().value())
        .as("answered once").isEqualTo(409);

    JsonNode kept = rest.getForObject("/api/surveys/" + survey + "/test-sends", JsonNode.class).get(0);
    assertThat(kept.get("id").asText()).isEqualTo(testSendId);
    assertThat(kept.get("score").asInt()).isEqualTo(1);
    assertThat(kept.get("bucket").asText()).isEqualTo("UNHAPPY");
    assertThat(kept.get("comment").asText()).isEqualTo("just testing");
    // never a response: no analytics, funnel or follow-up sees it
    assertThat(jdbc.queryForObject("SELECT count(*) FROM responses WHERE survey_id = ?", Integer.class, survey)).isZero();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE survey_id = ?", Integer.class, survey)).isZero();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM tickets WHERE subject LIKE ?", Integer.class, "%" + tag + "%")).isZero();
    ResponseEntity<String> listed = rest.getForEntity("/api/analytics/surveys/responses?from=" + java.time.LocalDate.now().minusDays(1)
        + "&to=" + java.time.LocalDate.now().plusDays(1) + "&surveyId=" + survey, String.class);
    assertThat(listed.getStatusCode().value()).as(listed.getBody()).isEqualTo(200);
    assertThat(listed.getBody()).doesNotContain("just testing");
    assertThat(postJson("/api/responses", "{\"token\":\"" + token + "\",\"score\":2}").getStatusCode().value())
        .as("the API does not take a test send's token as a response").isEqualTo(400);
  }

  @Test
  void markupInASurveysTextsIsShownAsTextOnThePageAndInTheMail() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String survey = created("""
        {"name": "Markup %1$s", "type": "CSAT", "delivery": "EMAIL",
         "consentMode": "COMMUNICATION_CHECKBOX", "consentText": "<script>consent%1$s</script>",
         "email": {"question": "<script>question%1$s</script>", "intro": "<img src=x onerror=intro%1$s>", "body": "<b>body%1$s</b> & more",
                   "companyName": "<i>Acme %1$s</i>", "companyAddress": "<u>Street %1$s</u>\\nTown"},
         "followUpQuestion": {"unhappy": "<script>followUp%1$s</script>"},
         "thankYou": {"unhappy": {"heading": "<h2>heading%1$s</h2>", "body": "<script>thanks%1$s</script>"}}}""".formatted(tag));
    postJson("/api/surveys/" + survey + "/test-send", "{\"to\":\"mk-" + tag + "@x.test\"}");
    JsonNode mail = awaitMail("mk-" + tag + "@x.test");

    String html = mail.get("html").asText();
    assertThat(html).contains("&lt;script&gt;question" + tag + "&lt;/script&gt;").contains("&lt;img src=x onerror=intro" + tag + "&gt;")
        .contains("&lt;b&gt;body" + tag + "&lt;/b&gt; &amp; more").contains("&lt;i&gt;Acme " + tag + "&lt;/i&gt;")
        .contains("&lt;u&gt;Street " + tag + "&lt;/u&gt;<br>Town<br>")
        .doesNotContain("<script>").doesNotContain("<img src=x").doesNotContain("<b>body").doesNotContain("<i>Acme").doesNotContain("<u>Street");
    assertThat(mail.get("text").asText()).as("the plain-text part is the text as written")
        .contains("<script>question" + tag + "</script>").contains("<b>body" + tag + "</b> & more").containsPattern("<u>Street " + tag + "</u>\\r?\nTown"); // SMTP carries the line as CRLF

    String link = path(firstScoreLink(mail, 1));
    ResponseEntity<String> page = rest.getForEntity(link, String.class);
    assertThat(page.getStatusCode().value()).isEqualTo(200);
    assertThat(page.getBody()).contains("<h1>&lt;script&gt;question" + tag + "&lt;/script&gt;</h1>")
        .contains("&lt;script&gt;followUp" + tag + "&lt;/script&gt;").contains("&lt;script&gt;consent" + tag + "&lt;/script&gt;")
        .doesNotContain("<script>");

    String token = link.substring("/r/".length(), link.indexOf('?'));
    MultiValueMap<String, String> answer = new LinkedMultiValueMap<>();
    answer.add("score", "1");
    ResponseEntity<String> thanks = rest.exchange("/r/" + token, HttpMethod.POST, new HttpEntity<>(answer, formHeaders()), String.class);
    assertThat(thanks.getStatusCode().value()).isEqualTo(200);
    assertThat(thanks.getBody()).contains("<h1>&lt;h2&gt;heading" + tag + "&lt;/h2&gt;</h1>").contains("&lt;script&gt;thanks" + tag + "&lt;/script&gt;")
        .doesNotContain("<script>").doesNotContain("<h2>");

    JsonNode preview = rest.getForObject("/api/surveys/" + survey + "/preview", JsonNode.class);
    assertThat(preview.get("html").asText()).contains("&lt;script&gt;question" + tag).doesNotContain("<script>");
    assertThat(preview.at("/pages/UNHAPPY").asText()).contains("&lt;script&gt;followUp" + tag).doesNotContain("<script>");
  }

  // --- helpers

  private String created(String body) {
    ResponseEntity<JsonNode> created = postJson("/api/surveys", body);
    assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
    return created.getBody().get("id").asText();
  }

  private JsonNode awaitMail(String address) {
    return await("a mail to " + address).atMost(Duration.ofSeconds(30)).until(() -> {
      JsonNode all = rest.getForObject("/api/dev/mailbox", JsonNode.class);
      List<JsonNode> found = StreamSupport.stream(all.spliterator(), false).filter(m -> m.get("to").toString().contains(address)).toList();
      return found.isEmpty() ? null : found.get(0);
    }, m -> m != null);
  }

  private static String firstScoreLink(JsonNode mail, int score) {
    return StreamSupport.stream(mail.get("links").spliterator(), false).map(JsonNode::asText)
        .filter(l -> l.contains("/r/") && l.endsWith("score=" + score)).findFirst().orElseThrow();
  }

  private static String path(String url) {
    URI uri = URI.create(url);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private static HttpHeaders formHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    return headers;
  }

  private static HttpEntity<MultiValueMap<String, String>> form(String key, String value) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add(key, value);
    return new HttpEntity<>(form, formHeaders());
  }
}
