package dev.pulse.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every monitoring source must answer, whatever it reads: the embedded engine's projection,
 * or a Camunda 8 search API (Pulse's own over the embedded engine, or a real cluster's). The test
 * drives an engine through the Camunda client only (deploy, start, jobs, messages, cancel), so the
 * same scenarios run against any engine, and checks the source against what it did.
 */
interface MonitoringSourceContract {

  /** The engine the scenarios run on. */
  CamundaClient engine();

  /** The source under test, reading that engine. */
  MonitoringSource source();

  Duration WAIT = Duration.ofSeconds(30);

  @Test
  default void searchesDetailsAndStatisticsMatchWhatTheEngineDid() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String process = deploy(tag);
    long a = start(process, "a-" + tag, Map.of("surveyId", "s-" + tag));
    long b = start(process, "b-" + tag, Map.of("surveyId", "s-" + tag));
    // a business key that reads as a number is still a string variable: "12345", not 12345
    String numericContact = String.valueOf(Math.abs(tag.hashCode()) + 100_000L);
    long c = start(process, "c-" + tag, Map.of("contactId", numericContact));
    completeJobs(tag, 3);
    engine().newPublishMessageCommand().messageName("contract-go-" + tag).correlationKey("b-" + tag).send().join();
    awaitState(c, MonitoringSource.State.ACTIVE);
    awaitElement(c, "Catch_Go", "ACTIVE");
    engine().newCancelInstanceCommand(c).send().join();

    awaitState(a, MonitoringSource.State.ACTIVE);
    awaitState(b, MonitoringSource.State.COMPLETED);
    awaitState(c, MonitoringSource.State.CANCELED);
    awaitElement(a, "Catch_Go", "ACTIVE");

    MonitoringSource s = source();
    MonitoringSource.Page<MonitoringSource.Instance> bySurvey = s.search(filter(null, null, null, null, "s-" + tag, null, null), 0, 10, "key", false);
    assertThat(bySurvey.total()).isEqualTo(2);
    assertThat(bySurvey.items()).extracting(MonitoringSource.Instance::key).containsExactly(a, b);
    assertThat(bySurvey.items()).extracting(MonitoringSource.Instance::surveyId).containsOnly("s-" + tag);
    assertThat(s.search(filter(process, 1, MonitoringSource.State.ACTIVE, null, null, null, null), 0, 10, "key", false).items())
        .extracting(MonitoringSource.Instance::key).containsExactly(a);
    assertThat(s.search(filter(null, null, null, null, null, numericContact, null), 0, 10, "key", false).items())
        .extracting(MonitoringSource.Instance::state).containsExactly(MonitoringSource.State.CANCELED);
    assertThat(s.search(filter(process, 2, null, null, null, null, null), 0, 10, "key", false).total()).as("no version 2").isZero();
    MonitoringSource.Page<MonitoringSource.Instance> second = s.search(filter(null, null, null, null, "s-" + tag, null, null), 1, 1, "key", false);
    assertThat(second.items()).extracting(MonitoringSource.Instance::key).containsExactly(b);
    assertThat(second.total()).isEqualTo(2);
    assertThat(s.search(filter(process, null, null, null, null, null, null), 0, 10, "key", true).items())
        .extracting(MonitoringSource.Instance::key).containsExactly(c, b, a);
    assertThat(s.search(new MonitoringSource.Filter(process, null, null, null, null, null, null, null, Instant.parse("2999-01-01T00:00:00Z"), null), 0, 10,
        "key", false).total()).isZero();
    // the bounds are far apart: the embedded engine's clock runs ahead of the wall clock once a test has moved it
    assertThat(s.search(new MonitoringSource.Filter(process, null, null, null, null, null, null, null, Instant.parse("2000-01-01T00:00:00Z"),
        Instant.parse("2999-01-01T00:00:00Z")), 0, 10, "key", false).total()).isEqualTo(3);
    assertThat(s.search(new MonitoringSource.Filter(process, null, null, null, null, null, null, null, null, Instant.parse("2000-01-01T00:00:00Z")), 0,
        10, "key", false).total()).isZero();

    assertThat(s.keys(filter(process, null, null, null, null, null, null), 2)).containsExactly(a, b);
    assertThat(s.keys(filter(process, null, null, null, null, null, null), 10)).containsExactly(a, b, c);
    assertThat(s.count(filter(process, null, MonitoringSource.State.COMPLETED, null, null, null, null))).isEqualTo(1);
    assertThat(s.processIds()).contains(process);
    assertThat(s.openIncidents(process)).isZero();

    MonitoringSource.Instance first = s.instance(a).orElseThrow();
    assertThat(first.processId()).isEqualTo(process);
    assertThat(first.version()).isEqualTo(1);
    assertThat(first.surveyId()).isEqualTo("s-" + tag);
    assertThat(first.incidents()).isZero();
    assertThat(first.startedAt()).isNotNull();
    assertThat(first.endedAt()).isNull();
    assertThat(s.instance(b).orElseThrow().endedAt()).isNotNull();
    assertThat(s.instance(1L)).isEmpty();

    Map<String, String> elements = states(s.elements(a));
    assertThat(elements).containsEntry("Start", "COMPLETED").containsEntry("Task_Work", "COMPLETED").containsEntry("Catch_Go", "ACTIVE");
    assertThat(elements).doesNotContainKey(process);
    assertThat(s.variables(a)).anySatisfy(v -> {
      assertThat(v.name()).isEqualTo("orderId");
      assertThat(v.value()).isEqualTo("\"a-" + tag + "\"");
      assertThat(v.scopeKey()).isEqualTo(a);
    });

    await("statistics").atMost(WAIT).untilAsserted(() -> {
      Map<String, MonitoringSource.ElementStatistics> stats = new HashMap<>();
      s.statistics(process, null).forEach(e -> stats.put(e.elementId(), e));
      assertThat(stats).doesNotContainKey(process);
      assertThat(stats.get("Catch_Go")).isEqualTo(new MonitoringSource.ElementStatistics("Catch_Go", 1, 1, 1, 0));
      assertThat(stats.get("Task_Work")).isEqualTo(new MonitoringSource.ElementStatistics("Task_Work", 0, 3, 0, 0));
    });
    assertThat(s.statistics(process, 2)).isEmpty();
  }

  @Test
  default void anIncidentIsFoundByInstanceProcessAndKeyAndShowsResolved() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String process = deploy(tag);
    long d = start(process, "d-" + tag, Map.of());
    ActivatedJob job = activate(tag).get(0);
    engine().newFailCommand(job.getKey()).retries(0).errorMessage("boom " + tag).send().join();

    MonitoringSource s = source();
    MonitoringSource.Incident incident = await("the incident").atMost(WAIT).until(() -> s.incidents(d), list -> !list.isEmpty()).get(0);
    assertThat(incident.state()).isEqualTo("ACTIVE");
    assertThat(incident.errorMessage()).isEqualTo("boom " + tag);
    assertThat(incident.errorType()).isEqualTo("JOB_NO_RETRIES");
    assertThat(incident.elementId()).isEqualTo("Task_Work");
    assertThat(incident.jobKey()).isEqualTo(job.getKey());
    assertThat(incident.instanceKey()).isEqualTo(d);
    assertThat(incident.processId()).isEqualTo(process);
    assertThat(s.incident(incident.key())).hasValueSatisfying(i -> assertThat(i.elementInstanceKey()).isEqualTo(incident.elementInstanceKey()));
    assertThat(s.incidents("ACTIVE", process, 10)).extracting(MonitoringSource.Incident::key).containsExactly(incident.key());
    assertThat(s.openIncidents(process)).isEqualTo(1);
    await("the instance's incident flag").atMost(WAIT).until(() -> s.instance(d).orElseThrow().incidents() == 1);
    assertThat(s.search(filter(process, null, null, true, null, null, null), 0, 10, "key", false).items())
        .extracting(MonitoringSource.Instance::key).containsExactly(d);
    assertThat(s.search(filter(process, null, null, false, null, null, null), 0, 10, "key", false).total()).isZero();
    await("incident statistics").atMost(WAIT).untilAsserted(() ->
        assertThat(s.statistics(process, 1)).filteredOn(e -> e.elementId().equals("Task_Work")).singleElement()
            .satisfies(e -> assertThat(e.incidents()).isEqualTo(1)));

    engine().newUpdateRetriesCommand(job.getKey()).retries(1).send().join();
    engine().newResolveIncidentCommand(incident.key()).send().join();
    completeJobs(tag, 1);
    await("resolved").atMost(WAIT).until(() -> "RESOLVED".equals(s.incident(incident.key()).map(MonitoringSource.Incident::state).orElse(null)));
    assertThat(s.incidents("ACTIVE", process, 10)).isEmpty();
    awaitElement(d, "Task_Work", "COMPLETED");
  }

  private String deploy(String tag) {
    String process = "contract-" + tag;
    BpmnModelInstance model = Bpmn.createExecutableProcess(process)
        .startEvent("Start")
        .serviceTask("Task_Work", t -> t.zeebeJobType("contract-work-" + tag))
        .intermediateCatchEvent("Catch_Go")
        .message(m -> m.name("contract-go-" + tag).zeebeCorrelationKeyExpression("orderId"))
        .endEvent("End")
        .done();
    engine().newDeployResourceCommand().addProcessModel(model, process + ".bpmn").send().join();
    return process;
  }

  private long start(String process, String orderId, Map<String, Object> variables) {
    Map<String, Object> v = new HashMap<>(variables);
    v.put("orderId", orderId);
    return engine().newCreateInstanceCommand().bpmnProcessId(process).latestVersion().variables(v).send().join().getProcessInstanceKey();
  }

  private List<ActivatedJob> activate(String tag) {
    return await("a job").atMost(WAIT).until(
        () -> engine().newActivateJobsCommand().jobType("contract-work-" + tag).maxJobsToActivate(10).timeout(Duration.ofMinutes(5))
            .requestTimeout(Duration.ofSeconds(2)).send().join().getJobs(),
        jobs -> !jobs.isEmpty());
  }

  private void completeJobs(String tag, int count) {
    int done = 0;
    while (done < count) {
      for (ActivatedJob job : activate(tag)) {
        engine().newCompleteCommand(job.getKey()).send().join();
        done++;
      }
    }
  }

  private void awaitState(long key, MonitoringSource.State state) {
    await("instance " + key + " " + state).atMost(WAIT).until(() -> source().instance(key).map(MonitoringSource.Instance::state), s -> s.equals(Optional.of(state)));
  }

  private void awaitElement(long key, String elementId, String state) {
    await(elementId + " " + state).atMost(WAIT).until(() -> states(source().elements(key)).get(elementId), state::equals);
  }

  private static Map<String, String> states(List<MonitoringSource.Element> elements) {
    Map<String, String> out = new HashMap<>();
    elements.forEach(e -> out.put(e.elementId(), e.state()));
    return out;
  }

  private static MonitoringSource.Filter filter(
      String process, Integer version, MonitoringSource.State state, Boolean incident, String surveyId, String contactId, String deliveryId) {
    return new MonitoringSource.Filter(process, version, state, incident, surveyId, contactId, null, deliveryId, null, null);
  }
}
