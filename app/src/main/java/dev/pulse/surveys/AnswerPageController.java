package dev.pulse.surveys;

import dev.pulse.rules.RuleBases;
import java.util.HashMap;
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
  private final SurveyTemplates templates;

  AnswerPageController(AnswerLinks links, DeliveryRepository deliveries, SurveyRepository surveys, ResponseService responses, RuleBases rules,
      TestSends testSends, SurveyTokens tokens, dev.pulse.crm.ContactService contacts, SurveyTemplates templates) {
    this.templates = templates;
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
      return message(HttpStatus.NOT_FOUND, "en", "invalid", false);
    }
    if (link.deliveryId().startsWith(TestSends.PREFIX)) {
      return openTest(token, link, score);
    }
    Optional<Delivery> delivery = deliveries.find(link.deliveryId());
    Optional<Survey> survey = delivery.flatMap(d -> surveys.find(d.surveyId()));
    String lang = survey.map(sv -> Surveys.language(sv.definition())).orElse("en");
    if (link.problem() == AnswerLinks.Problem.EXPIRED) {
      return message(HttpStatus.GONE, lang, "closed", false);
    }
    if (delivery.isEmpty() || survey.isEmpty()) {
      return message(HttpStatus.NOT_FOUND, lang, "invalid", false);
    }
    if (delivery.get().status() == Delivery.Status.ANSWERED) {
      return message(HttpStatus.CONFLICT, lang, "answered", false);
    }
    if (delivery.get().status() == Delivery.Status.EXPIRED) {
      return message(HttpStatus.GONE, lang, "closed", false);
    }
    if (delivery.get().status() != Delivery.Status.SENT) {
      return message(HttpStatus.CONFLICT, lang, "notOpen", false);
    }
    SurveyInput s = survey.get().definition();
    if (score == null || responses.scoreProblem(s.type(), score).isPresent()) {
      return message(HttpStatus.BAD_REQUEST, lang, "range", false);
    }
    SurveyTokens.Values values = tokens.values(survey.get(), contacts.find(delivery.get().contactId()).orElse(null), delivery.get().agentId());
    return page(HttpStatus.OK, formPage(lang, token, s, score, bucket(s, score), values, false));
  }

  /** A test send behind a link, its survey and language, or the page that refuses the link (closed, unknown, off the scale). */
  private record TestLink(TestSends.TestSend test, Survey survey, String lang, SurveyTokens.Values values, ResponseEntity<String> refusal) {}

  private TestLink testLink(AnswerLinks.Verified link, Integer score) {
    Optional<TestSends.TestSend> test = testSends.find(link.deliveryId().substring(TestSends.PREFIX.length()));
    Optional<Survey> survey = test.flatMap(t -> surveys.find(t.surveyId()));
    String lang = survey.map(sv -> Surveys.language(sv.definition())).orElse("en");
    if (link.problem() == AnswerLinks.Problem.EXPIRED) {
      return new TestLink(null, null, lang, null, message(HttpStatus.GONE, lang, "closed", false));
    }
    if (survey.isEmpty()) {
      return new TestLink(null, null, lang, null, message(HttpStatus.NOT_FOUND, lang, "invalid", false));
    }
    if (score == null || responses.scoreProblem(survey.get().definition().type(), score).isPresent()) {
      return new TestLink(null, null, lang, null, message(HttpStatus.BAD_REQUEST, lang, "range", false));
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
      return message(HttpStatus.CONFLICT, t.lang(), "answered", true);
    }
    SurveyInput s = t.survey().definition();
    return page(HttpStatus.OK, formPage(t.lang(), token, s, score, bucket(s, score), t.values(), true));
  }

  private ResponseEntity<String> answerTest(AnswerLinks.Verified link, int score, String comment) {
    TestLink t = testLink(link, score);
    if (t.refusal() != null) {
      return t.refusal();
    }
    SurveyInput s = t.survey().definition();
    String bucket = bucket(s, score);
    if (!testSends.answer(t.test().id(), score, bucket, comment == null || comment.isBlank() ? null : comment.strip())) {
      return message(HttpStatus.CONFLICT, t.lang(), "answered", true);
    }
    SurveyInput.ThankYou thanks = Surveys.thankYou(s, bucket);
    return thanks(t.lang(), t.values(), thanks, true);
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
      return message(HttpStatus.NOT_FOUND, "en", "invalid", false);
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
      return message(HttpStatus.GONE, lang, "closed", false);
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
        yield thanks(lang, values, thanks, false);
      }
      case ALREADY_ANSWERED -> message(HttpStatus.CONFLICT, lang, "answered", false);
      case EXPIRED -> message(HttpStatus.GONE, lang, "closed", false);
      case SCORE_OUT_OF_RANGE -> message(HttpStatus.BAD_REQUEST, lang, "range", false);
      case NOT_OPEN -> message(HttpStatus.CONFLICT, lang, "notOpen", false);
      case UNKNOWN_DELIVERY -> message(HttpStatus.NOT_FOUND, lang, "invalid", false);
    };
  }

  /** The bucket whose follow-up question and thank-you the page shows (see {@link ScoreBuckets}). */
  String bucket(SurveyInput s, int score) {
    return ScoreBuckets.bucket(rules, s, score);
  }

  /**
   * The answer form of a score, its heading the survey's question: the score checked, the follow-up
   * question of its bucket, the consent checkboxes the survey asks for. A test send's page says so.
   */
  String formPage(String lang, String token, SurveyInput s, int score, String bucket, SurveyTokens.Values values, boolean test) {
    SurveyInput.ConsentMode mode = s.consentMode() == null ? SurveyInput.ConsentMode.NONE : s.consentMode();
    Map<String, Object> page = new HashMap<>();
    page.put("heading", values.fill(Surveys.question(s)));
    page.put("test", test);
    page.put("token", token);
    page.put("min", s.type().min);
    page.put("max", s.type().max);
    page.put("score", score);
    page.put("followUp", values.fill(Surveys.followUpQuestion(s, bucket)));
    page.put("communication", mode == SurveyInput.ConsentMode.COMMUNICATION_CHECKBOX || mode == SurveyInput.ConsentMode.BOTH_CHECKBOXES);
    page.put("processing", mode == SurveyInput.ConsentMode.BOTH_CHECKBOXES);
    page.put("consentText", mode == SurveyInput.ConsentMode.NONE ? null : s.consentText());
    return templates.render("answer/form", lang, page);
  }

  private ResponseEntity<String> thanks(String lang, SurveyTokens.Values values, SurveyInput.ThankYou thanks, boolean test) {
    Map<String, Object> page = new HashMap<>();
    page.put("heading", values.fill(thanks.heading()));
    page.put("body", values.fill(thanks.body()));
    page.put("test", test);
    return page(HttpStatus.OK, templates.render("answer/thanks", lang, page));
  }

  /** A page that only says something: its heading is the text of {@code page.<key>}. */
  private ResponseEntity<String> message(HttpStatus status, String lang, String key, boolean test) {
    Map<String, Object> page = new HashMap<>();
    page.put("heading", t(lang, key));
    page.put("test", test);
    return page(status, templates.render("answer/message", lang, page));
  }

  /** A public page's response: never cached, and its address (the token) never sent on as a referrer. */
  static ResponseEntity<String> page(HttpStatus status, String html) {
    return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").body(html);
  }

  private static String t(String lang, String key) {
    return SurveyTexts.get(lang, "page." + key);
  }
}
