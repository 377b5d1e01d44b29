package dev.pulse.surveys;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Enrolls contacts that start to match by time alone (a "customer for more than 30 days"
 * threshold crossed, a cooldown over): every {@code pulse.surveys.time-check} (1 minute; a
 * contact is enrolled at most that long after its moment) the due rows of {@link AudienceDue} are
 * taken, across replicas without overlap, and each (survey, contact) is decided again.
 */
@Component
class TimeThresholds {

  private static final Logger LOG = LoggerFactory.getLogger(TimeThresholds.class);
  private static final int BATCH = 200;

  private final AudienceDue due;
  private final SurveyEnrollment enrollment;
  private volatile boolean ready;
  private volatile boolean stopping;

  TimeThresholds(AudienceDue due, SurveyEnrollment enrollment) {
    this.due = due;
    this.enrollment = enrollment;
  }

  @EventListener(ApplicationReadyEvent.class)
  void onReady() {
    ready = true;
  }

  @EventListener(ContextClosedEvent.class)
  void onClose() {
    stopping = true;
  }

  @Scheduled(fixedDelayString = "${pulse.surveys.time-check:1m}", initialDelayString = "${pulse.surveys.time-check:1m}")
  void check() {
    if (!ready) {
      return;
    }
    int decided = 0;
    List<AudienceDue.Due> batch;
    do {
      batch = due.claim(BATCH);
      for (AudienceDue.Due d : batch) {
        if (stopping) {
          return; // the rest were pushed ahead by the claim; they come due again then
        }
        enrollment.timeCame(d.surveyId(), d.contactId(), d.why());
        decided++;
      }
    } while (batch.size() == BATCH);
    if (decided > 0) {
      LOG.info("Decided {} (survey, contact) pairs again whose moment came", decided);
    }
  }
}
