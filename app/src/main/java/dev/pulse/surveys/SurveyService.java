package dev.pulse.surveys;

import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import dev.pulse.crm.PropertyCatalog;
import dev.pulse.platform.events.Outbox;
import dev.pulse.platform.web.StrictJson;
import dev.pulse.rules.facts.Filter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.ErrorResponseException;

/** Defining surveys and moving them through DRAFT → PUBLISHED → UNPUBLISHED. */
@Service
public class SurveyService {

  private final SurveyRepository surveys;
  private final PropertyCatalog properties;
  private final SurveyEnrollment enrollment;
  private final EnrollmentRuns runs;
  private final ContactService contacts;
  private final Outbox outbox;

  private final SurveyTokens tokens;

  SurveyService(SurveyRepository surveys, PropertyCatalog properties, SurveyEnrollment enrollment, EnrollmentRuns runs, ContactService contacts, Outbox outbox, SurveyTokens tokens) {
    this.tokens = tokens;
    this.surveys = surveys;
    this.properties = properties;
    this.enrollment = enrollment;
    this.runs = runs;
    this.contacts = contacts;
    this.outbox = outbox;
  }

  @Transactional
  public Survey create(SurveyInput input) {
    check(input);
    String id = UUID.randomUUID().toString();
    surveys.insert(id, input);
    return get(id);
  }

  @Transactional
  public Survey update(String id, SurveyInput input) {
    Survey current = get(id);
    if (current.definition().delivery() != input.delivery()) {
      throw StrictJson.invalidField("delivery", "cannot change once the survey is created (it is " + current.definition().delivery() + ")");
    }
    if (current.publishedAt() != null && current.definition().type() != input.type()) {
      // answers to links already sent are scored on the scale they were asked on: a CSAT 5 must
      // not become an NPS 5 (UNHAPPY, with a ticket). A new scale is a new survey (clone it).
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
          "type cannot change once the survey has been published (it is " + current.definition().type() + "): links already sent ask on that"
              + " scale. Clone the survey (POST /api/surveys/" + id + "/clone) and publish the copy with the new type.");
      problem.setProperty("field", "type");
      throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }
    check(input);
    surveys.update(id, input);
    if (current.status() == Survey.Status.PUBLISHED && input.delivery() == SurveyInput.Delivery.EMAIL && audienceChanged(current.definition(), input)) {
      // contacts the edited recipients now take in are enrolled (and those who stopped matching
      // are no longer "existing"): every contact is decided again, in the background
      startRun(id, "RECIPIENTS_EDITED");
    }
    return get(id);
  }

  private static boolean audienceChanged(SurveyInput before, SurveyInput after) {
    return !java.util.Objects.equals(before.recipients(), after.recipients()) || !java.util.Objects.equals(before.options(), after.options());
  }

  public Survey get(String id) {
    return surveys.find(id).orElseThrow(() -> notFound(id));
  }

  /** Every token a survey text may use, by object. */
  public Map<String, Set<String>> tokens() {
    return tokens.offered();
  }

  public List<Survey> all() {
    return surveys.all();
  }

  /**
   * Publishes and records the enrollment of the existing contacts (which the survey may leave
   * out) in one transaction: once this returns, the enrollment runs to its end, whatever happens
   * to this server (see {@link EnrollmentRuns}).
   */
  @Transactional
  public Survey publish(String id) {
    Survey survey = get(id);
    if (!surveys.publish(id)) {
      return survey;
    }
    outbox.event("survey.published", id, Map.of("surveyId", id));
    Survey published = get(id);
    if (published.definition().delivery() == SurveyInput.Delivery.EMAIL) {
      startRun(id, "PUBLISHED");
    }
    return published;
  }

  /** Records an enrollment run in this transaction and starts it once committed. */
  private void startRun(String id, String reason) {
    if ("PUBLISHED".equals(reason)) {
      surveys.clearBaseline(id); // "existing" is who matches at this publish
    }
    surveys.startEnrollment(id, (int) Math.min(Integer.MAX_VALUE, contacts.search(null, 0, 1).total()), reason);
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        runs.kick(id);
      }
    });
  }

  @Transactional
  public Survey unpublish(String id) {
    get(id);
    surveys.setStatus(id, Survey.Status.UNPUBLISHED);
    outbox.event("survey.unpublished", id, Map.of("surveyId", id));
    return get(id);
  }

  @Transactional
  public Survey duplicate(String id) {
    SurveyInput d = get(id).definition();
    SurveyInput copy =
        new SurveyInput(d.name() + " (copy)", d.type(), d.delivery(), d.language(), d.email(), d.followUpQuestion(), d.thankYou(), d.consentMode(), d.consentText(),
            d.recipients(), d.options(), d.delay(), d.responseWindow(), d.notifications(), d.automation(), d.webTargeting(), d.chatLinks());
    return create(copy);
  }

  /** Triggers one delivery of a published survey (see {@link SurveyEnrollment#trigger}). */
  public SurveyEnrollment.Triggered trigger(String id, Contact contact, String conversationId, String agentId, String teamId, Map<String, Object> conversation) {
    Survey survey = get(id);
    if (survey.status() != Survey.Status.PUBLISHED) {
      throw new ErrorResponseException(HttpStatus.CONFLICT,
          ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Survey '" + id + "' is " + survey.status() + "; publish it first"), null);
    }
    return enrollment.trigger(survey, contact, conversationId, agentId, teamId, conversation);
  }

  public SurveyRepository.Enrollment enrollment(String id) {
    get(id);
    return surveys.enrollment(id).orElse(new SurveyRepository.Enrollment(id, "NOT_STARTED", 0, 0, 0, null));
  }

  /** What Bean Validation cannot see: known properties, operator arities, the response window, the intercept. */
  private void check(SurveyInput s) {
    tokens.check(s);
    if (s.recipients() != null && s.recipients().filterGroups() != null) {
      checkFilterGroups("recipients.filterGroups", s.recipients().filterGroups());
    }
    if (s.responseWindow() != null && s.responseWindow().reminderAfterDays() != null
        && s.responseWindow().reminderAfterDays() >= s.responseWindow().days()) {
      throw StrictJson.invalidField("responseWindow.reminderAfterDays", "must be less than responseWindow.days");
    }
    if (s.webTargeting() != null) {
      checkWebTargeting(s);
    }
  }

  /**
   * Filter groups on contact (or related record) properties: every property known, every
   * operator with the values it takes. The path names the offending filter in a 400.
   */
  public void checkFilterGroups(String path, List<SurveyInput.FilterGroupInput> groups) {
    for (int g = 0; g < groups.size(); g++) {
      List<SurveyInput.FilterInput> filters = groups.get(g).filters();
      for (int f = 0; f < filters.size(); f++) {
        SurveyInput.FilterInput filter = filters.get(f);
        String field = path + "[" + g + "].filters[" + f + "]";
        String object = filter.object() == null ? "contact" : filter.object();
        Set<String> known = properties.known(object);
        if (!known.contains(filter.property())) {
          throw StrictJson.invalidField(field + ".property", "'" + filter.property() + "' is not a known " + object + " property; known: " + known);
        }
        int values = filter.values() == null ? 0 : filter.values().size();
        int needed = arity(filter.operator());
        if ((needed == 0 && values != 0) || (needed > 0 && values < needed) || (needed == 2 && values != 2)) {
          throw StrictJson.invalidField(field + ".values", filter.operator() + " takes " + (needed == 1 ? "at least one value" : needed + " values") + ", got " + values);
        }
        String problem = Filter.valueProblem(filter.operator(), filter.values());
        if (problem != null) {
          throw StrictJson.invalidField(field + ".values", problem);
        }
        if ((filter.operator() == Filter.Operator.IN_LAST_DAYS || filter.operator() == Filter.Operator.MORE_THAN_DAYS_AGO)
            && !filter.values().get(0).matches("\\d{1,5}")) {
          throw StrictJson.invalidField(field + ".values", filter.operator() + " takes a number of days, got '" + filter.values().get(0) + "'");
        }
      }
    }
  }

  private static void checkWebTargeting(SurveyInput s) {
    SurveyInput.WebTargeting t = s.webTargeting();
    if (s.delivery() != SurveyInput.Delivery.WEB) {
      throw StrictJson.invalidField("webTargeting", "applies only to WEB surveys; this one is delivered by " + s.delivery());
    }
    List<String> pages = t.pages() == null ? List.of() : t.pages();
    for (int i = 0; i < pages.size(); i++) {
      checkPagePattern("webTargeting.pages[" + i + "]", pages.get(i));
    }
    List<String> excluded = t.excludedPages() == null ? List.of() : t.excludedPages();
    for (int i = 0; i < excluded.size(); i++) {
      checkPagePattern("webTargeting.excludedPages[" + i + "]", excluded.get(i));
    }
    if (t.who() == SurveyInput.WebAudience.CRITERIA && (s.recipients() == null || s.recipients().filterGroups() == null || s.recipients().filterGroups().isEmpty())) {
      throw StrictJson.invalidField("webTargeting.who", "CRITERIA needs recipients.filterGroups");
    }
    if (t.who() == SurveyInput.WebAudience.LISTS && (s.recipients() == null || s.recipients().listIds() == null || s.recipients().listIds().isEmpty())) {
      throw StrictJson.invalidField("webTargeting.who", "LISTS needs recipients.listIds");
    }
    if (t.trigger() != null && t.trigger().type() == SurveyInput.WebTriggerType.SCROLL_PERCENT && t.trigger().value() > 100) {
      throw StrictJson.invalidField("webTargeting.trigger.value", "is a percentage (0-100)");
    }
    if (t.frequency() != null && t.frequency().type() == SurveyInput.FrequencyType.AFTER_DAYS && t.frequency().days() == null) {
      throw StrictJson.invalidField("webTargeting.frequency.days", "is required for AFTER_DAYS");
    }
  }

  /** A page pattern is a URL or a path, {@code *} standing for any run of characters, e.g. {@code shop.example/help/*}. */
  private static void checkPagePattern(String path, String pattern) {
    String value = pattern.strip();
    if (value.chars().anyMatch(Character::isWhitespace)) {
      throw StrictJson.invalidField(path, "contains whitespace, which no URL does");
    }
    try {
      java.net.URI uri = new java.net.URI(value.replace("*", "x"));
      if (uri.isAbsolute() && !(("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null)) {
        throw StrictJson.invalidField(path, "is not an http(s) URL with a host");
      }
    } catch (java.net.URISyntaxException e) {
      throw StrictJson.invalidField(path, "is not a valid URL pattern: " + e.getReason() + " at index " + e.getIndex());
    }
  }

  private static int arity(Filter.Operator op) {
    return switch (op) {
      case IS_KNOWN, IS_UNKNOWN -> 0;
      case BETWEEN -> 2;
      default -> 1;
    };
  }

  static ErrorResponseException notFound(String id) {
    return new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No survey '" + id + "'"), null);
  }
}
