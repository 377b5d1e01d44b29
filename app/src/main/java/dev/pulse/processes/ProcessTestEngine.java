package dev.pulse.processes;

import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.List;

/**
 * A throwaway Zeebe engine of a scenario run's own: empty when started, with a clock the run
 * moves and a record of every element entered and left. Process scenarios ({@link
 * ProcessScenarios}) run on it, never on the engine that serves. The embedded build provides one
 * (the in-memory test engine); the production artifact carries no engine code, so there the
 * scenarios run in CI and on a development server, and the API says so.
 */
public interface ProcessTestEngine extends AutoCloseable {

  /** Starts engines; a bean only where the build carries an in-memory engine. */
  interface Provider {
    ProcessTestEngine start();
  }

  /** One element of one instance entering ({@code ELEMENT_ACTIVATED}) or leaving ({@code ELEMENT_COMPLETED}, {@code ELEMENT_TERMINATED}). */
  record Element(long key, long instanceKey, long parentInstanceKey, String processId, String elementId, String elementType, String intent) {}

  /** A job's record: {@code CREATED}, {@code COMPLETED}, {@code FAILED} (with the retries left), {@code ERROR_THROWN}, ... */
  record Job(long key, long instanceKey, String type, String elementId, String intent, int retries) {}

  /** An incident raised on an element. */
  record Incident(long instanceKey, String elementId, String message) {}

  CamundaClient client();

  /** Moves the engine's clock forward; due timers fire. */
  void increaseTime(Duration duration);

  /** Returns when the engine has nothing left to process. */
  void waitForIdle();

  /** Every element event so far, in the order the engine wrote them. */
  List<Element> elements();

  /** Every job record so far, in order. */
  List<Job> jobs();

  List<Incident> incidents();

  @Override
  void close();
}
