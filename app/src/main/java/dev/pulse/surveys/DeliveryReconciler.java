package dev.pulse.surveys;

import dev.pulse.processes.ProcessService;
import dev.pulse.processes.Resumable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Resumes deliveries whose {@code survey-lifecycle} instance is gone: a scheduled one waits out
 * what is left of its delay; a sent one waits for the answer for what is left of its window
 * (reminding first if the reminder is due); an answered one whose lifecycle did not end is
 * classified and followed up again (notifications and tickets are once-only, so what was done
 * before the crash is not done twice).
 */
@Component
class DeliveryReconciler implements Resumable {

  /** A delivery whose lifecycle has not ended. */
  private static final String OPEN = "status IN ('SCHEDULED', 'SENT') OR (status = 'ANSWERED' AND completed_at IS NULL)";

  private final JdbcTemplate jdbc;
  private final DeliveryRepository deliveries;
  private final SurveyRepository surveys;
  private final ResponseService responses;
  private final ProcessService processes;

  DeliveryReconciler(JdbcTemplate jdbc, DeliveryRepository deliveries, SurveyRepository surveys, ResponseService responses, ProcessService processes) {
    this.jdbc = jdbc;
    this.deliveries = deliveries;
    this.surveys = surveys;
    this.responses = responses;
    this.processes = processes;
  }

  @Override
  public List<Resumed> resume(LongPredicate alive) {
    List<Resumed> resumed = new ArrayList<>();
    // page by id: memory stays flat however many deliveries are open
    String after = "";
    while (true) {
      List<Delivery> page = jdbc.query("SELECT * FROM deliveries WHERE (" + OPEN + ") AND id > ? ORDER BY id LIMIT " + PAGE, DeliveryRepository::map, after);
      if (page.isEmpty()) {
        return resumed;
      }
      after = page.get(page.size() - 1).id();
      resumePage(page, alive, resumed);
    }
  }

  private static final int PAGE = 500;

  private void resumePage(List<Delivery> open, LongPredicate alive, List<Resumed> resumed) {
    Instant now = Instant.now();
    for (Delivery d : open) {
      if (d.processInstanceKey() != null && alive.test(d.processInstanceKey())) {
        continue;
      }
      Survey survey = surveys.find(d.surveyId()).orElse(null);
      if (survey == null || !claim(d)) {
        continue;
      }
      Map<String, Object> v = new LinkedHashMap<>();
      v.put(SurveyLifecycleProcess.VARIABLE_DELIVERY_ID, d.id());
      v.put(SurveyLifecycleProcess.VARIABLE_SURVEY_ID, d.surveyId());
      v.put(SurveyLifecycleProcess.VARIABLE_CONTACT_ID, d.contactId());
      String element;
      switch (d.status()) {
        case SCHEDULED -> {
          Duration left = Duration.between(now, d.sendAfter());
          v.put(SurveyLifecycleProcess.VARIABLE_DELAY, left.isNegative() || left.isZero() ? "PT0S" : left.withNanos(0).toString());
          element = SurveyLifecycleProcess.GATEWAY_HAS_DELAY;
        }
        case SENT -> {
          Instant reminderDue = d.sentAt().plus(Surveys.reminderAfter(survey.definition()));
          Duration untilExpiry = positive(Duration.between(now, d.expiresAt()));
          if (untilExpiry.isZero()) {
            element = SurveyLifecycleProcess.TASK_EXPIRE_DELIVERY;
          } else if (d.remindedAt() != null) {
            v.put(SurveyLifecycleProcess.VARIABLE_EXPIRE_AFTER_REMINDER, untilExpiry.toString());
            element = SurveyLifecycleProcess.GATEWAY_AWAIT_ANSWER_AFTER_REMINDER;
          } else if (now.isBefore(reminderDue)) {
            v.put(SurveyLifecycleProcess.VARIABLE_REMINDER_AFTER, Duration.between(now, reminderDue).withNanos(0).toString());
            v.put(SurveyLifecycleProcess.VARIABLE_EXPIRE_AFTER_REMINDER, Surveys.afterReminder(survey.definition()).toString());
            element = SurveyLifecycleProcess.GATEWAY_AWAIT_ANSWER;
          } else {
            v.put(SurveyLifecycleProcess.VARIABLE_EXPIRE_AFTER_REMINDER, untilExpiry.toString());
            element = SurveyLifecycleProcess.TASK_SEND_REMINDER;
          }
        }
        default -> {
          SurveyResponse r = responses.find(d.id()).orElse(null);
          if (r == null) {
            continue;
          }
          v.put(SurveyLifecycleProcess.VARIABLE_RESPONSE_ID, r.id());
          v.put(SurveyLifecycleProcess.VARIABLE_SCORE, r.score());
          element = SurveyLifecycleProcess.TASK_CLASSIFY_RESPONSE;
        }
      }
      long key = processes.startBefore(SurveyLifecycleProcess.ID, element, v);
      if (jdbc.update("UPDATE deliveries SET process_instance_key = ? WHERE id = ? AND process_instance_key IS NULL", key, d.id()) != 1) {
        processes.cancel(key); // another start (a served web survey's, another replica's) got there first: one lifecycle per delivery
        continue;
      }
      resumed.add(new Resumed("delivery", d.id(), d.status().name(), key, element));
    }
  }

  @Override
  public void forgetInstances() {
    // every key, not only the open records': an ended record's key must not name a new instance either (erasure cancels by key)
    jdbc.update("UPDATE deliveries SET process_instance_key = NULL WHERE process_instance_key IS NOT NULL");
  }

  /** Takes the delivery for this run: only one replica (or run) resumes it. */
  private boolean claim(Delivery d) {
    return jdbc.update(
            "UPDATE deliveries SET process_instance_key = NULL WHERE id = ? AND process_instance_key IS NOT DISTINCT FROM ?",
            d.id(), d.processInstanceKey())
        == 1;
  }

  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d.withNanos(0);
  }
}
