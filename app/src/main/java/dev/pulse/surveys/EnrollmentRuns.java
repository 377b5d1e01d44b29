package dev.pulse.surveys;

import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the enrollment of a published survey's existing contacts so that nothing a publish
 * promised is lost. The run is recorded in the publishing transaction ({@code survey_enrollments},
 * RUNNING); it goes through the contacts by id and moves a cursor after each page; its holder
 * renews a lease as it goes. A graceful stop hands the run over at the next contact; a killed
 * holder's lease runs out. Either way this replica or another takes it over and resumes from the
 * cursor, and since a contact this run already reached is skipped ({@link
 * SurveyEnrollment#considerExisting}), every contact is enrolled once.
 */
@Component
class EnrollmentRuns implements DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(EnrollmentRuns.class);
  private static final int PAGE = 200;
  private static final int MAX_ATTEMPTS = 5;

  private final SurveyRepository surveys;
  private final ContactService contacts;
  private final SurveyEnrollment enrollment;
  private final Duration lease;
  private final String owner = "pulse-" + UUID.randomUUID();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "pulse-enrollment"));
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private volatile boolean ready;
  private volatile boolean stopping;

  EnrollmentRuns(SurveyRepository surveys, ContactService contacts, SurveyEnrollment enrollment, @Value("${pulse.surveys.enrollment-lease:30s}") Duration lease) {
    this.surveys = surveys;
    this.contacts = contacts;
    this.enrollment = enrollment;
    this.lease = lease;
  }

  /** A survey was just published (its run committed): start it here, now. */
  void kick(String surveyId) {
    if (ready) {
      queue(surveyId);
    }
  }

  /** After the processes are deployed: take over the runs a stopped or killed server left. */
  @EventListener(ApplicationReadyEvent.class)
  @Order(200)
  void onReady() {
    ready = true;
    takeOver();
  }

  @Scheduled(fixedDelayString = "${pulse.surveys.enrollment-poll:5s}", initialDelayString = "${pulse.surveys.enrollment-poll:5s}")
  void takeOver() {
    if (!ready || stopping) {
      return;
    }
    surveys.claimableEnrollments(lease).forEach(this::queue);
  }

  private void queue(String surveyId) {
    if (queued.add(surveyId)) {
      try {
        worker.execute(() -> {
          try {
            run(surveyId);
          } finally {
            queued.remove(surveyId);
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
        queued.remove(surveyId);
      }
    }
  }

  private void run(String surveyId) {
    SurveyRepository.Claimed run = surveys.claimEnrollment(surveyId, owner, lease).orElse(null);
    if (run == null || stopping) {
      if (run != null) {
        surveys.releaseEnrollment(surveyId, owner, null);
      }
      return;
    }
    if (run.attempts() > 1) {
      LOG.info("Taking over the enrollment of survey {} (attempt {}), {}", surveyId, run.attempts(),
          run.cursor() == null ? "from the first contact" : "after contact '" + run.cursor() + "'");
    }
    String cursor = run.cursor();
    String trigger = "RECIPIENTS_EDITED".equals(run.reason()) ? SurveyEnrollment.RECIPIENTS_EDITED : SurveyEnrollment.PUBLISH;
    try {
      long beat = System.nanoTime();
      while (true) {
        Survey survey = surveys.find(surveyId).orElse(null);
        if (survey == null || survey.status() != Survey.Status.PUBLISHED) {
          surveys.finishEnrollment(surveyId, owner, "CANCELLED", "the survey was " + (survey == null ? "deleted" : survey.status().name().toLowerCase()) + " before every contact was considered");
          return;
        }
        List<Contact> page = contacts.after(cursor, PAGE);
        if (page.isEmpty()) {
          break;
        }
        int enrolled = 0;
        for (Contact contact : page) {
          if (stopping) {
            // a graceful stop: hand over; this page is done again by the next holder, and who
            // this run already reached is skipped there
            surveys.releaseEnrollment(surveyId, owner, null);
            LOG.info("Enrollment of survey {} handed over at contact '{}'", surveyId, contact.id());
            return;
          }
          enrolled += enrollment.considerExisting(survey, contact, run.startedAt(), trigger) ? 1 : 0;
          if (System.nanoTime() - beat > lease.toNanos() / 4) {
            if (!surveys.heartbeat(surveyId, owner)) {
              LOG.warn("Enrollment of survey {} was taken over elsewhere; stopping here", surveyId);
              return;
            }
            beat = System.nanoTime();
          }
        }
        cursor = page.get(page.size() - 1).id();
        if (!surveys.pageDone(surveyId, owner, cursor, page.size(), enrolled)) {
          LOG.warn("Enrollment of survey {} was taken over elsewhere; stopping here", surveyId);
          return;
        }
        beat = System.nanoTime();
      }
      surveys.finishEnrollment(surveyId, owner, "DONE", null);
    } catch (RuntimeException e) {
      if (run.attempts() >= MAX_ATTEMPTS) {
        LOG.error("Enrolling the contacts of survey {} failed {} times; giving up", surveyId, run.attempts(), e);
        surveys.finishEnrollment(surveyId, owner, "FAILED", e.toString());
      } else {
        LOG.warn("Enrolling the contacts of survey {} failed (attempt {} of {}); it is resumed from contact '{}' later", surveyId, run.attempts(), MAX_ATTEMPTS, cursor, e);
        surveys.releaseEnrollment(surveyId, owner, e.toString());
      }
    }
  }

  /** A graceful stop: the run in progress hands over at its next contact. */
  @Override
  public void destroy() throws InterruptedException {
    stopping = true;
    worker.shutdown();
    if (!worker.awaitTermination(20, TimeUnit.SECONDS)) {
      worker.shutdownNow();
    }
  }
}
