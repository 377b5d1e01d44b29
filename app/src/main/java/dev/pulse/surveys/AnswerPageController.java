package dev.pulse.surveys;

import dev.pulse.rules.RuleBases;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The public answer page behind the links in a survey email, server-rendered and usable without
 * JavaScript, in the survey's language: the score from the link, the follow-up question of its
 * bucket, the consent the survey asks for, then the thank-you of the bucket. Opening the page
 * stores nothing (mail scanners open links); sending the form stores the answer once.
 */
@Controller
class AnswerPageController {

  private final AnswerLinks links;
  private final DeliveryRepository deliveries;
  private final SurveyRepository surveys;
  private final ResponseService responses;
  private final RuleBases rules;

  private final TestSends testSends;
  private final SurveyTokens tokens;
  private final dev.pulse.crm.ContactService contacts;

  AnswerPageController(AnswerLinks links, DeliveryRepository deliveries, SurveyRepository surveys, ResponseService responses, RuleBases rules,
      TestSends testSends, SurveyTokens tokens, dev.pulse.crm.ContactService contacts) {
    this.testSends = testSends;
    this.tokens = tokens;
    this.contacts = contacts;
    this.links = links;
    this.deliveries = deliveries;
    this.surveys = surveys;
    this.responses = responses;
    this.rules = rules;
  }

  @GetMapping(value = "/r/{token}", produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<String> open(@PathVariable String token, @RequestParam(required = false) Integer score) {
    AnswerLinks.Verified link = links.verify(token);
    if (link.problem() == AnswerLinks.Problem.INVALID) {
      return page(HttpStatus.NOT_FOUND, "en", t("en", "invalid"), null);
    }
    if (link.deliveryId().startsWith(TestSends.PREFIX)) {
      return openTest(token, link, score);
    }
    Optional<Delivery> delivery = deliveries.find(link.deliveryId());
    Optional<Survey> survey = delivery.flatMap(d -> surveys.find(d.surveyId()));
    String lang = survey.map(sv -> Surveys.language(sv.definition())).orElse("en");
    if (link.problem() == AnswerLinks.Problem.EXPIRED) {
      return page(HttpStatus.GONE, lang, t(lang, "closed"), null);
    }
    if (delivery.isEmpty() || survey.isEmpty()) {
      return page(HttpStatus.NOT_FOUND, lang, t(lang, "invalid"), null);
    }
    if (delivery.get().status() == Delivery.Status.ANSWERED) {
      return page(HttpStatus.CONFLICT, lang, t(lang, "answered"), null);
    }
    if (delivery.get().status() == Delivery.Status.EXPIRED) {
      return page(HttpStatus.GONE, lang, t(lang, "closed"), null);
    }
    if (delivery.get().status() != Delivery.Status.SENT) {
      return page(HttpStatus.CONFLICT, lang, t(lang, "notOpen"), null);
    }
    SurveyInput s = survey.get().definition();
    if (score == null || responses.scoreProblem(s.type(), score).isPresent()) {
      return page(HttpStatus.BAD_REQUEST, lang, t(lang, "range"), null);
    }
    SurveyTokens.Values values = tokens.values(survey.get(), contacts.find(delivery.get().contactId()).orElse(null), delivery.get().agentId());
    return page(HttpStatus.OK, lang, values.fill(Surveys.question(s)), form(token, s, score, bucket(s, score), lang, values));
  }

  /** A test send behind a link, its survey and language, or the page that refuses the link (closed, unknown, off the scale). */
  private record TestLink(TestSends.TestSend test, Survey survey, String lang, SurveyTokens.Values values, ResponseEntity<String> refusal) {}

  private TestLink testLink(AnswerLinks.Verified link, Integer score) {
    Optional<TestSends.TestSend> test = testSends.find(link.deliveryId().substring(TestSends.PREFIX.length()));
    Optional<Survey> survey = test.flatMap(t -> surveys.find(t.surveyId()));
    String lang = survey.map(sv -> Surveys.language(sv.definition())).orElse("en");
    if (link.problem() == AnswerLinks.Problem.EXPIRED) {
      return new TestLink(null, null, lang, null, page(HttpStatus.GONE, lang, t(lang, "closed"), null));
    }
    if (survey.isEmpty()) {
      return new TestLink(null, null, lang, null, page(HttpStatus.NOT_FOUND, lang, t(lang, "invalid"), null));
    }
    if (score == null || responses.scoreProblem(survey.get().definition().type(), score).isPresent()) {
      return new TestLink(null, null, lang, null, page(HttpStatus.BAD_REQUEST, lang, t(lang, "range"), null));
    }
    String contactId = test.get().contactId();
    SurveyTokens.Values values = tokens.values(survey.get(), contactId == null ? SurveyToolsController.sample() : contacts.find(contactId).orElse(null), null);
    return new TestLink(test.get(), survey.get(), lang, values, null);
  }

  /** A test send's link: the same page, marked as a test; nothing it stores is a response. */
  private ResponseEntity<String> openTest(String token, AnswerLinks.Verified link, Integer score) {
    TestLink t = testLink(link, score);
    if (t.refusal() != null) {
      return t.refusal();
    }
    if (t.test().answeredAt() != null) {
      return page(HttpStatus.CONFLICT, t.lang(), t(t.lang(), "answered"), banner(t.lang()));
    }
    SurveyInput s = t.survey().definition();
    return page(HttpStatus.OK, t.lang(), t.values().fill(Surveys.question(s)), banner(t.lang()) + form(token, s, score, bucket(s, score), t.lang(), t.values()));
  }

  private ResponseEntity<String> answerTest(AnswerLinks.Verified link, int score, String comment) {
    TestLink t = testLink(link, score);
    if (t.refusal() != null) {
      return t.refusal();
    }
    SurveyInput s = t.survey().definition();
    String bucket = bucket(s, score);
    if (!testSends.answer(t.test().id(), score, bucket, comment == null || comment.isBlank() ? null : comment.strip())) {
      return page(HttpStatus.CONFLICT, t.lang(), t(t.lang(), "answered"), banner(t.lang()));
    }
    SurveyInput.ThankYou thanks = Surveys.thankYou(s, bucket);
    return page(HttpStatus.OK, t.lang(), t.values().fill(thanks.heading()), banner(t.lang()) + "<p>" + esc(t.values().fill(thanks.body())) + "</p>");
  }

  private static String banner(String lang) {
    return "<p role=\"note\" style=\"background:#fff3cd;padding:.5rem\">" + esc(t(lang, "test")) + "</p>";
  }

  @PostMapping(value = "/r/{token}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<String> answer(
      @PathVariable String token,
      @RequestParam int score,
      @RequestParam(required = false) String comment,
      @RequestParam(required = false) String consentCommunication,
      @RequestParam(required = false) String consentProcessing) {
    AnswerLinks.Verified link = links.verify(token);
    if (link.problem() == AnswerLinks.Problem.INVALID) {
      return page(HttpStatus.NOT_FOUND, "en", t("en", "invalid"), null);
    }
    if (comment != null && comment.length() > 5000) {
      comment = comment.substring(0, 5000);
    }
    if (link.deliveryId().startsWith(TestSends.PREFIX)) {
      return answerTest(link, score, comment);
    }
    Optional<Delivery> delivery = deliveries.find(link.deliveryId());
    Optional<Survey> survey = delivery.flatMap(d -> surveys.find(d.surveyId()));
    String lang = survey.map(sv -> Surveys.language(sv.definition())).orElse("en");
    if (link.problem() == AnswerLinks.Problem.EXPIRED) {
      return page(HttpStatus.GONE, lang, t(lang, "closed"), null);
    }
    Map<String, Boolean> consent = new LinkedHashMap<>();
    if (consentCommunication != null) {
      consent.put("communication", true);
    }
    if (consentProcessing != null) {
      consent.put("processing", true);
    }
    ResponseService.Result result = responses.submit(link.deliveryId(), score, comment, consent, "EMAIL");
    return switch (result.outcome()) {
      case STORED -> {
        SurveyInput s = survey.orElseThrow().definition();
        SurveyInput.ThankYou thanks = Surveys.thankYou(s, bucket(s, score));
        SurveyTokens.Values values = tokens.values(survey.get(), contacts.find(delivery.get().contactId()).orElse(null), delivery.get().agentId());
        yield page(HttpStatus.OK, lang, values.fill(thanks.heading()), "<p>" + esc(values.fill(thanks.body())) + "</p>");
      }
      case ALREADY_ANSWERED -> page(HttpStatus.CONFLICT, lang, t(lang, "answered"), null);
      case EXPIRED -> page(HttpStatus.GONE, lang, t(lang, "closed"), null);
      case SCORE_OUT_OF_RANGE -> page(HttpStatus.BAD_REQUEST, lang, t(lang, "range"), null);
      case NOT_OPEN -> page(HttpStatus.CONFLICT, lang, t(lang, "notOpen"), null);
      case UNKNOWN_DELIVERY -> page(HttpStatus.NOT_FOUND, lang, t(lang, "invalid"), null);
    };
  }

  /** The bucket whose follow-up question and thank-you the page shows (see {@link ScoreBuckets}). */
  String bucket(SurveyInput s, int score) {
    return ScoreBuckets.bucket(rules, s, score);
  }

  static String form(String token, SurveyInput s, int score, String bucket, String lang, SurveyTokens.Values values) {
    StringBuilder f = new StringBuilder();
    f.append("<form method=\"post\" action=\"/r/").append(esc(token)).append("\">");
    f.append("<fieldset><legend>").append(esc(t(lang, "score"))).append("</legend>");
    for (int n = s.type().min; n <= s.type().max; n++) {
      f.append("<label><input type=\"radio\" name=\"score\" value=\"").append(n).append('"').append(n == score ? " checked" : "").append("> ").append(n).append("</label> ");
    }
    f.append("</fieldset>");
    String followUp = Surveys.followUpQuestion(s, bucket);
    f.append("<p><label for=\"comment\">").append(esc(values == null ? followUp : values.fill(followUp))).append("</label><br>");
    f.append("<textarea id=\"comment\" name=\"comment\" rows=\"4\" cols=\"50\" maxlength=\"5000\"></textarea></p>");
    SurveyInput.ConsentMode mode = s.consentMode() == null ? SurveyInput.ConsentMode.NONE : s.consentMode();
    if (mode == SurveyInput.ConsentMode.COMMUNICATION_CHECKBOX || mode == SurveyInput.ConsentMode.BOTH_CHECKBOXES) {
      f.append("<p><label><input type=\"checkbox\" name=\"consentCommunication\" value=\"yes\"> ").append(esc(t(lang, "communication"))).append("</label></p>");
    }
    if (mode == SurveyInput.ConsentMode.BOTH_CHECKBOXES) {
      f.append("<p><label><input type=\"checkbox\" name=\"consentProcessing\" value=\"yes\"> ").append(esc(t(lang, "processing"))).append("</label></p>");
    }
    if (s.consentText() != null && mode != SurveyInput.ConsentMode.NONE) {
      f.append("<p><small>").append(esc(s.consentText())).append("</small></p>");
    }
    f.append("<p><button type=\"submit\">").append(esc(t(lang, "send"))).append("</button></p></form>");
    return f.toString();
  }

  private static ResponseEntity<String> page(HttpStatus status, String lang, String heading, String body) {
    return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").body(html(lang, heading, body));
  }

  /** A whole page: the heading, then the body (already HTML). */
  static String html(String lang, String heading, String body) {
    return
        "<!doctype html><html lang=\"" + esc(lang) + "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>" + esc(heading) + "</title><style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}"
            + "label{margin-right:.5rem}button{padding:.5rem 1.5rem}</style></head><body><h1>" + esc(heading) + "</h1>"
            + (body == null ? "" : body) + "</body></html>";
  }

  private static String t(String lang, String key) {
    return SurveyTexts.get(lang, "page." + key);
  }

  private static String esc(String s) {
    return HtmlUtils.htmlEscape(s == null ? "" : s, "UTF-8");
  }
}
