package dev.pulse.surveys;

import dev.pulse.crm.Contact;
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
import org.springframework.web.ErrorResponseException;

/** Defining surveys and moving them through DRAFT → PUBLISHED → UNPUBLISHED. */
@Service
public class SurveyService {

  private final SurveyRepository surveys;
  private final PropertyCatalog properties;
  private final SurveyEnrollment enrollment;
  private final Outbox outbox;

  SurveyService(SurveyRepository surveys, PropertyCatalog properties, SurveyEnrollment enrollment, Outbox outbox) {
    this.surveys = surveys;
    this.properties = properties;
    this.enrollment = enrollment;
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
    check(input);
    surveys.update(id, input);
    return get(id);
  }

  public Survey get(String id) {
    return surveys.find(id).orElseThrow(() -> notFound(id));
  }

  public List<Survey> all() {
    return surveys.all();
  }

  /** Publishes and starts enrolling the existing contacts (which the survey may leave out). */
  public Survey publish(String id) {
    Survey survey = get(id);
    if (survey.status() == Survey.Status.PUBLISHED) {
      return survey;
    }
    surveys.setStatus(id, Survey.Status.PUBLISHED);
    outbox.event("survey.published", id, Map.of("surveyId", id));
    Survey published = get(id);
    if (published.definition().delivery() == SurveyInput.Delivery.EMAIL) {
      enrollment.enrollExisting(published);
    }
    return published;
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

  /** What Bean Validation cannot see: known properties, operator arities, the response window. */
  private void check(SurveyInput s) {
    if (s.recipients() != null && s.recipients().filterGroups() != null) {
      for (int g = 0; g < s.recipients().filterGroups().size(); g++) {
        List<SurveyInput.FilterInput> filters = s.recipients().filterGroups().get(g).filters();
        for (int f = 0; f < filters.size(); f++) {
          SurveyInput.FilterInput filter = filters.get(f);
          String field = "recipients.filterGroups[" + g + "].filters[" + f + "]";
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
          if ((filter.operator() == Filter.Operator.IN_LAST_DAYS || filter.operator() == Filter.Operator.MORE_THAN_DAYS_AGO)
              && !filter.values().get(0).matches("\\d{1,5}")) {
            throw StrictJson.invalidField(field + ".values", filter.operator() + " takes a number of days, got '" + filter.values().get(0) + "'");
          }
        }
      }
    }
    if (s.responseWindow() != null && s.responseWindow().reminderAfterDays() != null
        && s.responseWindow().reminderAfterDays() >= s.responseWindow().days()) {
      throw StrictJson.invalidField("responseWindow.reminderAfterDays", "must be less than responseWindow.days");
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
