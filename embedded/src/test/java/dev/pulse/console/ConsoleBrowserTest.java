package dev.pulse.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.FoundationWorkers;
import dev.pulse.testing.PulseStackTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium (Debian's chromium and chromium-driver, which {@code .ci/run}
 * installs): filter the instances, open one with an incident (its diagram marks the failing
 * task), retry it from the page and see it complete. Screenshots go to {@code
 * app/target/screenshots/}.
 */
class ConsoleBrowserTest extends PulseStackTest {

  private dev.pulse.testing.HeadlessChromium chromium;
  private WebDriver browser;

  @BeforeEach
  void openBrowser() throws Exception {
    chromium = dev.pulse.testing.HeadlessChromium.open("console");
    browser = chromium.driver();
  }

  @AfterEach
  void closeBrowser() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void anAdminFiltersOpensAnInstanceWithAnIncidentRetriesItAndSeesItComplete() throws Exception {
    String order = "console-" + UUID.randomUUID().toString().substring(0, 8) + "-7"; // a word with a digit: grouped as #
    FoundationWorkers.FAILING.add(order);
    long key = postJson("/api/processes/monitoring-flaky/instances", "{\"orderId\":\"" + order + "\"}").getBody().get("processInstanceKey").asLong();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      JsonNode detail = rest.getForObject("/api/process-instances/" + key, JsonNode.class);
      return detail != null && detail.has("incidents")
          && StreamSupport.stream(detail.get("incidents").spliterator(), false).anyMatch(i -> i.get("state").asText().equals("ACTIVE"));
    });

    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    browser.get(rest.getRootUri() + "/console");
    // the console asks for a key first
    WebElement credential = wait.until(d -> d.findElement(By.id("credential")));
    screenshot("0-sign-in");
    credential.sendKeys(dev.pulse.testing.TestStack.ADMIN_KEY, Keys.ENTER);
    wait.until(d -> d.findElements(By.id("filters")).size() == 1);

    // filter: this process, with an incident
    new Select(browser.findElement(By.name("processId"))).selectByValue("monitoring-flaky");
    new Select(browser.findElement(By.name("incident"))).selectByValue("true");
    browser.findElement(By.id("apply-filters")).click();
    wait.until(d -> String.valueOf(d.findElement(By.id("view")).getAttribute("data-ready")).contains("incident=true"));
    WebElement row = wait.until(d -> d.findElement(By.cssSelector("tr[data-key='" + key + "']")));
    assertThat(browser.findElement(By.id("instances")).getText()).contains("monitoring-flaky").doesNotContain("foundation-smoke");
    screenshot("1-instances-filtered");

    // open it from the keyboard
    row.sendKeys(Keys.ENTER);
    wait.until(d -> d.findElements(By.cssSelector(".djs-element.pulse-incident[data-element-id='Task_CallService']")).size() == 1);
    assertThat(browser.findElement(By.id("instance-state")).getText()).isEqualTo("ACTIVE");
    assertThat(browser.findElement(By.id("incidents")).getText()).contains("the flaky service is down for " + order);
    assertThat(browser.findElements(By.cssSelector(".djs-element.pulse-completed[data-element-id='Start']"))).hasSize(1);
    assertThat(browser.findElement(By.cssSelector(".pulse-tokens.incident")).getText()).isEqualTo("1");
    screenshot("2-instance-with-incident");

    // the dashboard counts it per process and per error; the process page puts it on the diagram; the incidents page groups it
    browser.get(rest.getRootUri() + "/console#/dashboard");
    wait.until(d -> d.findElement(By.id("dashboard-processes")).getText().contains("monitoring-flaky"));
    // grouped by error: the order id (a word with digits) is left out, so every such incident is one row
    wait.until(d -> d.findElement(By.id("dashboard-errors")).getText().contains("the flaky service is down for #"));
    screenshot("2a-dashboard");
    browser.get(rest.getRootUri() + "/console#/processes/monitoring-flaky");
    wait.until(d -> d.findElements(By.cssSelector(".pulse-heat.incident")).size() >= 1);
    assertThat(browser.findElement(By.id("element-statistics")).getText()).contains("Task_CallService");
    screenshot("2b-process-heatmap");
    browser.get(rest.getRootUri() + "/console#/incidents?processId=monitoring-flaky");
    wait.until(d -> d.findElement(By.id("incident-groups")).getText().contains("the flaky service is down for #"));
    assertThat(browser.findElement(By.id("open-incidents")).getText()).contains("the flaky service is down for " + order);
    screenshot("2c-incidents-grouped");
    browser.get(rest.getRootUri() + "/console#/instances/" + key);
    wait.until(d -> !d.findElements(By.cssSelector("button.retry")).isEmpty() && d.findElement(By.id("incidents")).getText().contains(order));

    // the service is back: retry from the page, which reports what happened after the re-check
    FoundationWorkers.FAILING.remove(order);
    browser.findElement(By.cssSelector("button.retry")).click();
    wait.until(d -> d.findElement(By.id("outcome")).getText().contains("RESOLVED"));
    // refresh between checks (the poll interval gives the page time to redraw)
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
      if (browser.findElement(By.id("instance-state")).getText().equals("COMPLETED")) {
        return true;
      }
      browser.findElement(By.id("refresh")).click();
      return false;
    });
    wait.until(d -> d.findElements(By.cssSelector(".djs-element.pulse-completed[data-element-id='End_Done']")).size() == 1);
    assertThat(browser.findElements(By.cssSelector(".djs-element.pulse-incident"))).isEmpty();
    screenshot("3-instance-completed");

    // the other pages render their data
    browser.get(rest.getRootUri() + "/console#/deployments");
    wait.until(d -> d.findElement(By.id("deployments")).getText().contains("monitoring-flaky.bpmn"));
    screenshot("4-deployments");
    browser.get(rest.getRootUri() + "/console#/surveys");
    wait.until(d -> d.findElements(By.id("funnels")).size() == 1);
    screenshot("5-survey-funnels");
  }

  /** The repair forms: an incident a missing variable caused is fixed by setting it and retrying; then a token is moved. */
  @Test
  void anAdminSetsAMissingVariableRetriesAndMovesATokenFromTheInstancePage() throws Exception {
    String process = "console-repair-" + UUID.randomUUID().toString().substring(0, 8);
    String xml = io.camunda.zeebe.model.bpmn.Bpmn.convertToString(io.camunda.zeebe.model.bpmn.Bpmn.createExecutableProcess(process).startEvent("Start")
        .exclusiveGateway("Gateway_Amount")
        .sequenceFlowId("Flow_Big").conditionExpression("=amount > 100").userTask("Task_Large").endEvent("End_Large")
        .moveToNode("Gateway_Amount")
        .sequenceFlowId("Flow_Small").conditionExpression("=amount <= 100").userTask("Task_Small").endEvent("End_Small")
        .done());
    assertThat(postJson("/api/deployments", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        .put("kind", "BPMN").put("name", process + ".bpmn").put("content", xml).toString()).getStatusCode().value()).isEqualTo(201);
    long key = postJson("/api/processes/" + process + "/instances", "{}").getBody().get("processInstanceKey").asLong();

    // the page is opened once the incident is there, and refreshed once each time the engine moved: one render at a time
    await().atMost(Duration.ofSeconds(20)).until(() -> activeElementOrIncident(key, "incident", "Gateway_Amount"));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    browser.get(rest.getRootUri() + "/console");
    wait.until(d -> d.findElement(By.id("credential"))).sendKeys(dev.pulse.testing.TestStack.ADMIN_KEY, Keys.ENTER);
    wait.until(d -> d.findElements(By.id("filters")).size() == 1);
    browser.get(rest.getRootUri() + "/console#/instances/" + key);
    wait.until(d -> d.findElement(By.id("incidents")).getText().contains("Gateway_Amount") && !d.findElements(By.cssSelector("button.retry")).isEmpty());

    WebElement variables = browser.findElement(By.id("set-variable"));
    variables.findElement(By.name("name")).sendKeys("amount");
    variables.findElement(By.name("value")).sendKeys("50");
    variables.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(d -> d.findElement(By.id("toast")).getText().contains("Variable amount set"));
    screenshot("6-instance-variable-set");
    wait.until(d -> d.findElement(By.cssSelector("button.retry"))).click();
    wait.until(d -> d.findElement(By.id("outcome")).getText().contains("RESOLVED"));

    // the small-order task is active; move its token to the large-order one
    await().atMost(Duration.ofSeconds(15)).until(() -> activeElementOrIncident(key, "element", "Task_Small"));
    browser.findElement(By.id("refresh")).click();
    wait.until(d -> d.findElement(By.id("move-token")).getText().contains("Task_Small"));
    wait.until(d -> {
      WebElement move = d.findElement(By.id("move-token"));
      new Select(move.findElement(By.name("terminate"))).selectByIndex(1);
      move.findElement(By.name("activate")).sendKeys("Task_Large");
      move.findElement(By.cssSelector("button[type=submit]")).click();
      return true;
    });
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
      JsonNode detail = rest.getForObject("/api/process-instances/" + key, JsonNode.class);
      return StreamSupport.stream(detail.get("elements").spliterator(), false)
          .anyMatch(e -> e.get("elementId").asText().equals("Task_Large") && e.get("state").asText().equals("ACTIVE"));
    });
    browser.findElement(By.id("refresh")).click();
    wait.until(d -> d.findElement(By.id("move-token")).getText().contains("Task_Large"));
    screenshot("7-instance-token-moved");
  }

  /**
   * The rules page: versions with the live one marked, a version compared with the live one, the
   * scenarios run, a recipients change dry-run, a rollback; and a process's scenarios run from
   * its page.
   */
  @Test
  void anAnalystComparesTestsDryRunsAndRollsBackRulesAndRunsAProcesssScenarios() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    int before = rest.getForObject("/api/rules/scoring", JsonNode.class).get("version").asInt();
    var added = postJson("/api/deployments", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("kind", "DRL")
        .put("name", "scoring/console_" + tag + ".drl").put("content", """
            package dev.pulse.rules.scoring
            import dev.pulse.rules.facts.*;
            rule "Never: a score of minus one thousand %s"
            when
                Response( score == -1000 )
            then
            end
            """.formatted(tag)).toString());
    assertThat(added.getStatusCode().value()).as(String.valueOf(added.getBody())).isEqualTo(201);
    int live = added.getBody().get("version").asInt();

    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    browser.get(rest.getRootUri() + "/console");
    wait.until(d -> d.findElement(By.id("credential"))).sendKeys(dev.pulse.testing.TestStack.ADMIN_KEY, Keys.ENTER);
    wait.until(d -> d.findElements(By.id("filters")).size() == 1);
    browser.get(rest.getRootUri() + "/console#/rules");
    wait.until(d -> d.findElement(By.id("rule-domains")).getText().contains("scoring"));
    assertThat(browser.findElement(By.id("rule-domains")).getText()).contains("recipients").contains("targeting").contains("assignment");
    browser.findElement(By.cssSelector("tr[data-href='#/rules/scoring']")).sendKeys(Keys.ENTER);
    wait.until(d -> d.findElement(By.cssSelector("#rule-versions tr[data-version='" + live + "']")).getText().contains("live"));
    screenshot("8-rules-scoring");

    // compare the version before with the live one: the added file is the difference
    browser.findElement(By.cssSelector("button.diff[data-version='" + before + "']")).click();
    wait.until(d -> d.findElement(By.id("rule-diff")).getText().contains("Never: a score of minus one thousand " + tag));
    assertThat(browser.findElement(By.cssSelector("#rule-diff .added")).getText()).startsWith("+");

    browser.findElement(By.id("run-rule-tests")).click();
    wait.until(d -> d.findElement(By.id("rule-tests-summary")).getText().matches("(\\d+) of \\1 scenarios passed on version " + live));
    screenshot("9-rules-diff-and-scenarios");

    // roll back to the version before: a new version with the earlier files
    browser.findElement(By.cssSelector("button.rollback[data-version='" + before + "']")).click();
    wait.until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
    wait.until(d -> d.findElement(By.id("toast")).getText().contains("the files of version " + before));
    JsonNode now = rest.getForObject("/api/rules/scoring", JsonNode.class);
    assertThat(now.get("version").asInt()).isGreaterThan(live);
    assertThat(now.get("files").findValuesAsText("name")).doesNotContain("console_" + tag + ".drl");
    wait.until(d -> d.findElement(By.cssSelector("#rule-versions tr[data-version='" + now.get("version").asInt() + "']")).getText().contains("live"));

    // a recipients change, dry-run: decided over the stored contacts, nothing stored
    putJson("/api/contacts/console-dry-" + tag, """
        {"email": "console-dry-%s@x.test", "firstname": "Dry", "lifecycleStage": "customer", "becameCustomerAt": "%s", "properties": {"cohort": "console-dry-%s"}}
        """.formatted(tag, java.time.Instant.now().minus(Duration.ofDays(40)), tag));
    String survey = postJson("/api/surveys", """
        {"name": "Console dry-run %s", "type": "CSAT", "delivery": "EMAIL",
         "recipients": {"filterGroups": [{"filters": [{"object": "contact", "property": "cohort", "operator": "IS", "values": ["console-dry-%s"]}]}]}}
        """.formatted(tag, tag)).getBody().get("id").asText();
    browser.get(rest.getRootUri() + "/console#/rules/recipients");
    WebElement form = wait.until(d -> d.findElement(By.id("dry-run")));
    WebElement name = form.findElement(By.name("name"));
    name.clear();
    name.sendKeys("console_dry_" + tag + ".drl");
    form.findElement(By.name("text")).sendKeys("""
        package dev.pulse.rules.recipients
        import dev.pulse.rules.facts.*;
        rule "Console dry-run: on holiday %s"
        when
            Recipient( $id : contactId, contactId == "console-dry-%s" )
        then
            insert( new Excluded( $id, "on holiday" ) );
        end
        """.formatted(tag, tag));
    form.findElement(By.name("surveyId")).sendKeys(survey);
    form.findElement(By.name("q")).sendKeys("console-dry-" + tag);
    form.findElement(By.id("run-dry-run")).click();
    wait.until(d -> d.findElement(By.id("dry-run-summary")).getText().contains("contacts decided"));
    assertThat(browser.findElement(By.id("dry-run-summary")).getText()).startsWith("1 of 1 contacts decided for 1 survey(s)").contains("leave 1")
        .containsPattern("scenarios: (\\d+) of \\1 scenarios passed");
    assertThat(browser.findElement(By.id("dry-run-changes")).getText()).contains("leaves").contains("on holiday");
    assertThat(rest.getForObject("/api/rules/recipients", JsonNode.class).get("files").findValuesAsText("name")).doesNotContain("console_dry_" + tag + ".drl");
    screenshot("10-rules-dry-run");

    // a process with a scenario file: run it from the process page
    String process = "console-tested-" + tag;
    String xml = io.camunda.zeebe.model.bpmn.Bpmn.convertToString(io.camunda.zeebe.model.bpmn.Bpmn.createExecutableProcess(process).startEvent("Start")
        .serviceTask("Task_Work").zeebeJobType("console-tested-work").endEvent("End_Done").done());
    assertThat(postJson("/api/deployments", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        .put("kind", "BPMN").put("name", process + ".bpmn").put("content", xml).toString()).getStatusCode().value()).isEqualTo(201);
    Path scenarios = Files.createDirectories(Path.of(env.getProperty("pulse.processes.dir")).resolve("tests")).resolve(process + ".yaml");
    Files.writeString(scenarios, """
        process: %s
        cases:
          - name: the work is done
            jobs: { console-tested-work: {} }
            expect: { path: [Task_Work, End_Done], ended: true }
          - name: an analyst's wrong expectation
            jobs: { console-tested-work: {} }
            expect: { waitingAt: [Task_Work] }
        """.formatted(process));
    try {
      browser.get(rest.getRootUri() + "/console#/processes/" + process);
      wait.until(d -> d.findElement(By.id("run-process-tests"))).click();
      wait.until(d -> d.findElement(By.id("process-tests-summary")).getText().equals("1 of 2 scenarios passed"));
      assertThat(browser.findElement(By.id("process-tests")).getText()).contains("expected to wait at Task_Work, but it was completed");
      screenshot("11-process-scenarios");
    } finally {
      Files.delete(scenarios);
    }
  }

  /** True when the instance has an active incident (kind "incident") or an active element (kind "element") with this id. */
  private boolean activeElementOrIncident(long key, String kind, String elementId) {
    JsonNode detail = rest.getForObject("/api/process-instances/" + key, JsonNode.class);
    JsonNode list = detail == null ? null : detail.get("incident".equals(kind) ? "incidents" : "elements");
    return list != null && StreamSupport.stream(list.spliterator(), false)
        .anyMatch(e -> elementId.equals(e.get("elementId").asText()) && "ACTIVE".equals(e.get("state").asText()));
  }

  @Test
  void theAnalyticsPageDrawsItsChartsAndDrillsDownToTheAnswers() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String survey = postJson("/api/surveys", "{\"name\":\"Charts " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\"}").getBody().get("id").asText();
    // two weeks of answers in March 2001 (nothing else is there): 5, 4, 1 in the first, 3 in the second
    answer(survey, "ann", "2001-03-05T10:00:00Z", 5, "Lovely");
    answer(survey, "ann", "2001-03-06T10:00:00Z", 4, null);
    answer(survey, "bob", "2001-03-07T10:00:00Z", 1, "Never again");
    answer(survey, "bob", "2001-03-13T10:00:00Z", 3, null);

    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    browser.get(rest.getRootUri() + "/console");
    wait.until(d -> d.findElement(By.id("credential"))).sendKeys(dev.pulse.testing.TestStack.ADMIN_KEY, Keys.ENTER);
    wait.until(d -> d.findElements(By.id("filters")).size() == 1);
    browser.get(rest.getRootUri() + "/console#/analytics?surveyId=" + survey + "&from=2001-03-01&to=2001-03-20&interval=week");
    wait.until(d -> d.findElements(By.id("score-chart")).size() == 1);

    assertThat(browser.findElement(By.id("totals")).getText()).contains("4 sent").contains("4 answered").contains("CSAT 50");
    assertThat(browser.findElements(By.cssSelector("#score-chart circle.point"))).hasSize(2); // the weeks with answers
    assertThat(browser.findElement(By.cssSelector("#score-chart polyline")).getAttribute("points")).contains(",");
    assertThat(browser.findElements(By.cssSelector("#distribution tr"))).hasSize(5);
    assertThat(browser.findElement(By.id("distribution")).getText()).contains("1 1").contains("3 1").contains("5 1");
    assertThat(browser.findElement(By.id("by-agent")).getText()).contains("ann").contains("bob");
    assertThat(browser.findElement(By.cssSelector("#by-agent tr[data-agent='ann'] .bar")).getAttribute("style")).contains("width: 160px"); // CSAT 100
    screenshot("6-analytics");

    browser.findElement(By.cssSelector("#periods tr[data-period='2001-03-05']")).sendKeys(Keys.ENTER);
    wait.until(d -> d.findElements(By.cssSelector("#answers tbody tr")).size() == 3);
    assertThat(browser.findElement(By.id("answers")).getText()).contains("Never again").contains("Lovely");
    screenshot("7-analytics-drill-down");
  }

  private void answer(String survey, String agent, String at, int score, String comment) {
    String delivery = UUID.randomUUID().toString();
    java.sql.Timestamp sent = java.sql.Timestamp.from(java.time.Instant.parse(at));
    jdbc.update("INSERT INTO deliveries (id, survey_id, contact_id, channel, status, agent_id, sent_at, answered_at, scheduled_at)"
        + " VALUES (?, ?, ?, 'EMAIL', 'ANSWERED', ?, ?, ?, ?)", delivery, survey, "c-" + delivery, agent, sent, sent, sent);
    jdbc.update("INSERT INTO responses (id, delivery_id, survey_id, contact_id, survey_type, score, comment, channel, agent_id, answered_at)"
        + " VALUES (?, ?, ?, ?, 'CSAT', ?, ?, 'EMAIL', ?, ?)", UUID.randomUUID().toString(), delivery, survey, "c-" + delivery, score, comment, agent, sent);
  }

  private void screenshot(String name) throws Exception {
    chromium.screenshot(name);
  }
}
