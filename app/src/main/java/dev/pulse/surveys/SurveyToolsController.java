package dev.pulse.surveys;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import dev.pulse.platform.web.StrictJson;
import dev.pulse.rules.CompiledRuleBase;
import dev.pulse.rules.RuleBases;
import dev.pulse.rules.RuleDomain;
import dev.pulse.surveys.facts.Eligible;
import dev.pulse.surveys.facts.Excluded;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What an analyst checks before publishing: the rendered email and page, a test send, who matches and why. */
@RestController
@RequestMapping("/api/surveys/{id}")

@Tag(name = "Surveys")
class SurveyToolsController {

  private final SurveyService surveys;
  private final ContactService contacts;
  private final RecipientFacts facts;
  private final RuleBases rules;
  private final SurveyMailer mailer;
  private final AnswerLinks links;
  private final AnswerPageController pages;
  private final StrictJson strict;
  private final SurveyEnrollment enrollment;
  private final TestSends testSends;
  private final SurveyTokens tokens;

  SurveyToolsController(
      TestSends testSends,
      SurveyTokens tokens,
      SurveyEnrollment enrollment,
      SurveyService surveys, ContactService contacts, RecipientFacts facts, RuleBases rules, SurveyMailer mailer, AnswerLinks links, AnswerPageController pages, StrictJson strict) {
    this.surveys = surveys;
    this.contacts = contacts;
    this.facts = facts;
    this.rules = rules;
    this.mailer = mailer;
    this.links = links;
    this.pages = pages;
    this.strict = strict;
    this.enrollment = enrollment;
    this.testSends = testSends;
    this.tokens = tokens;
  }

  record Preview(String from, String fromName, String subject, String text, String html, Map<String, String> pages, Survey.Effective effective) {}

  @GetMapping("/preview")
  @Operation(summary = "The email as a contact would get it, and the answer page per bucket (links in a preview do not answer)")
  Preview preview(@PathVariable String id, @RequestParam(required = false) String contactId) {
    Survey survey = surveys.get(id);
    Contact contact = contactId == null ? sample() : contact(contactId);
    String token = links.token("preview-" + id, Instant.now().plus(Duration.ofDays(1)));
    SurveyMailer.Rendered mail = mailer.renderSurvey(survey, contact, token, false, null);
    SurveyTokens.Values values = tokens.values(survey, contact, null);
    SurveyInput s = survey.definition();
    String lang = Surveys.language(s);
    Map<String, String> byBucket = new java.util.LinkedHashMap<>();
    for (int score = s.type().max; score >= s.type().min; score--) {
      String bucket = pages.bucket(s, score);
      byBucket.putIfAbsent(bucket, pages.formPage(lang, token, s, score, bucket, values, false));
    }
    return new Preview(mail.from(), mail.fromName(), mail.subject(), mail.text(), mail.html(), byBucket, survey.effective());
  }

  record TestSend(@NotBlank @Email String to, String contactId) {}

  /** Where the test email went, and the id its answers are kept under. */
  record TestSent(String sentTo, String testSendId) {}

  @PostMapping("/test-send")
  @Operation(summary = "Send the email to an address, rendered as a chosen contact (or a sample one); subject marked [Test]")
  TestSent testSend(@PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = TestSend.class))) @RequestBody JsonNode body) {
    TestSend request = strict.read(body, TestSend.class);
    Survey survey = surveys.get(id);
    Contact contact = request.contactId() == null ? sample() : contact(request.contactId());
    String testId = java.util.UUID.randomUUID().toString();
    Instant expires = Instant.now().plus(Duration.ofDays(Surveys.windowDays(survey.definition())));
    testSends.record(testId, id, "sample".equals(contact.id()) ? null : contact.id(), request.to(), expires);
    mailer.sendTest(survey, contact, links.token(TestSends.PREFIX + testId, expires), request.to());
    return new TestSent(request.to(), testId);
  }

  @GetMapping("/test-sends")
  @Operation(summary = "The survey's test sends (latest 100) and the answers given to them, which are kept apart from real responses")
  List<TestSends.TestSend> testSends(@PathVariable String id) {
    surveys.get(id);
    return testSends.of(id);
  }

  /**
   * One contact decided now: {@code existing} when the survey leaves existing contacts out and
   * this one counts as existing; {@code nextCheck} when time alone may change the answer later.
   */
  record Candidate(String contactId, String email, boolean eligible, String reason, String rule, List<String> decisions, List<String> firedRules,
      boolean existing, AudienceDue.Moment nextCheck) {}

  record Candidates(List<Candidate> items, long contacts, int page, int size, int ruleVersion) {}

  @GetMapping("/recipients")
  @Operation(summary = "Contacts (searchable, paged) decided by the recipients rules now, each with the trace; matching=true keeps the eligible ones of the page")
  Candidates recipients(
      @PathVariable String id,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Boolean matching,
      @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
    Survey survey = surveys.get(id);
    ContactService.Page<Contact> found = contacts.search(q, page, size);
    List<Candidate> items = new ArrayList<>();
    int version = 0;
    for (Contact contact : found.items()) {
      boolean existing = enrollment.existing(survey, contact);
      List<Object> given = facts.of(survey, contact, existing);
      RuleBases.Evaluated result = rules.evaluate(RuleDomain.RECIPIENTS, given);
      version = result.version();
      CompiledRuleBase.Evaluation e = result.evaluation();
      Optional<Excluded> no = e.decisions(Excluded.class).stream().findFirst();
      Optional<Eligible> yes = e.decisions(Eligible.class).stream().findFirst();
      boolean eligible = no.isEmpty() && yes.isPresent();
      if (matching != null && matching != eligible) {
        continue;
      }
      items.add(new Candidate(contact.id(), contact.email(), eligible, no.map(Excluded::getReason).orElse(null),
          no.map(Excluded::getRule).orElse(yes.map(Eligible::getRule).orElse(null)),
          e.described(), e.firedRules(), existing, eligible ? null : AudienceDue.next(given)));
    }
    return new Candidates(items, found.total(), page, size, version);
  }

  private Contact contact(String contactId) {
    return contacts.find(contactId).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No contact '" + contactId + "'"), null));
  }

  /** The contact a preview or test send is rendered as when none is chosen. */
  static Contact sample() {
    return new Contact("sample", "sample@example.com", null, "Alex", "Sample", "customer", Instant.now().minus(Duration.ofDays(60)),
        null, "en", null, null, false, Map.of(), Map.of(), java.util.Set.of(), null, Instant.now(), Instant.now());
  }
}
