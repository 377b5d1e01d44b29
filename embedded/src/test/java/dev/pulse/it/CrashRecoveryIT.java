package dev.pulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server is killed with SIGKILL at each stage of a survey delivery and started again
 * on the same data: while the delivery is scheduled, while it is sent and waiting for the answer,
 * and while the answer is being stored and followed up. The mail server is the test's own, so it
 * outlives every crash and counts what Pulse sent. In the end: one survey email, one stored answer,
 * one ticket, one team notification.
 */
class CrashRecoveryIT {

  /** The data folder of the server under test (its PostgreSQL password is in it). */
  private Path dataDir;

  private static final String ADMIN_KEY = "pulse_crashadmin01_" + "C".repeat(43);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private GreenMail smtp;
  private JarServer server;

  @org.junit.jupiter.api.BeforeEach
  void killsCutSmtpConversations() {
    // a SIGKILL in the middle of a mail resets the test's SMTP connection: GreenMail's handler
    // thread throws, which Awaitility would otherwise take as this test's failure
    org.awaitility.Awaitility.doNotCatchUncaughtExceptionsByDefault();
  }

  @AfterEach
  void stop() throws Exception {
    org.awaitility.Awaitility.reset();
    if (server != null && server.process().isAlive()) {
      server.process().destroy();
      server.process().waitFor();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  /**
   * Two things happen on one server while it is stopped four times. A delivery goes through its
   * stages: killed while it is scheduled, stopped (SIGTERM) while it waits for the answer, killed
   * after the answer is stored. Meanwhile a survey published to 500 contacts is cut short: killed
   * while its first contacts are enrolled and mailed, stopped further on; each restart takes its
   * enrollment over and resumes the deliveries the dead engine held. (One server for both saves
   * three starts of the suite's time.) In the end: one survey email, one answer, one ticket and
   * one notification for the delivery; one delivery and one mail per contact for the publish, a
   * copy sent again after a kill between a mail and its mark being the same mail (the same
   * Message-ID, the same links), never a second survey.
   */
  @Test
  void deliveriesAndAPublishCutShortAtEveryStageEndOnceEach(@TempDir Path data) throws Exception {
    this.dataDir = data;
    Path jar = Path.of(System.getProperty("pulse.jar", "target/pulse-embedded.jar")).toAbsolutePath();
    JarServer.Ports ports = JarServer.Ports.free();
    smtp = new GreenMail(new ServerSetup(JarServer.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    String[] settings = {
      "--pulse.runtime.embedded.mail.enabled=false",
      "--spring.mail.host=127.0.0.1",
      "--spring.mail.port=" + smtp.getSmtp().getPort(),
      "--pulse.public-url=http://127.0.0.1:" + ports.http(),
      "--pulse.surveys.enrollment-lease=10s",
      "--pulse.surveys.enrollment-poll=2s"
    };
    String customer = "crash-customer@customer.test";
    String team = "crash-team@acme.test";

    // stage 1: the delivery is scheduled, its process waits out a one-day delay; the publish to
    // 500 contacts begins, and Pulse is killed while its first contacts are enrolled
    server = started(jar, data, ports, settings);
    int n = 500;
    StringBuilder batch = new StringBuilder("{\"contacts\":[");
    for (int i = 0; i < n; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"id\":\"bulk-%03d\",\"email\":\"bulk-%03d@customer.test\",\"properties\":{\"bulkTag\":\"crash\"}}".formatted(i, i));
    }
    post(ports, "/api/contacts/batch", batch.append("]}").toString());
    String survey = field(post(ports, "/api/surveys", """
        {"name": "Crash CSAT", "type": "CSAT", "delivery": "EMAIL", "email": {"subject": "Crash test survey"},
         "delay": {"amount": 1, "unit": "DAYS"}, "notifications": {"emails": ["%s"]}}""".formatted(team)), "id");
    post(ports, "/api/surveys/" + survey + "/publish", "{}");
    put(ports, "/api/contacts/crash-1", """
        {"email": "%s", "firstname": "Cora", "lifecycleStage": "customer", "becameCustomerAt": "%s", "ownerId": "owner-1"}"""
        .formatted(customer, Instant.now().minus(Duration.ofDays(40))));
    String delivery = await().atMost(Duration.ofSeconds(30)).until(
        () -> text(ports, "SELECT id FROM deliveries WHERE survey_id = '" + survey + "' AND process_instance_key IS NOT NULL AND status = 'SCHEDULED'"),
        id -> id != null);
    String bulk = field(post(ports, "/api/surveys", """
        {"name": "Bulk crash", "type": "CSAT", "delivery": "EMAIL", "email": {"subject": "Bulk crash survey"},
         "recipients": {"filterGroups": [{"filters": [{"property": "bulkTag", "operator": "IS", "values": ["crash"]}]}]}}"""), "id");
    post(ports, "/api/surveys/" + bulk + "/publish", "{}");
    String bulkDeliveries = "SELECT count(*) FROM deliveries WHERE survey_id = '" + bulk + "'";
    await("the first deliveries of the publish").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> count(ports, bulkDeliveries) >= 40);
    server.kill();
    int atKill = count(ports, bulkDeliveries);
    // the day passes while Pulse is down (PostgreSQL, orphaned by the kill, still answers)
    sql(ports, "UPDATE deliveries SET send_after = now() WHERE id = '" + delivery + "'");

    // stage 2: restarted, the delivery is resumed and sent; the publish goes on; a graceful stop
    // while the delivery waits for its answer and the publish is further on
    server = started(jar, data, ports, settings);
    await("the survey mail").atMost(Duration.ofSeconds(60)).until(() -> mailsTo(customer) == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(text(ports, "SELECT status FROM deliveries WHERE id = '" + delivery + "'")));
    String link = scoreLink(customer, 2);
    await("more deliveries of the publish after the kill").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
        .until(() -> count(ports, bulkDeliveries) >= Math.min(n, atKill + 100));
    int atStop = count(ports, bulkDeliveries);
    server.process().destroy(); // SIGTERM: a graceful stop hands the enrollment over
    assertThat(server.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("stopped within a minute").isTrue();

    // The new engine hands out the keys the last one did: the stored key may well come back, so
    // what counts is that the engine now runs an instance for this delivery under that key.
    server = started(jar, data, ports, settings);
    await("a new instance waits for the answer").atMost(Duration.ofSeconds(60)).until(() -> {
      String key = text(ports, "SELECT process_instance_key::text FROM deliveries WHERE id = '" + delivery + "'");
      String active = get(ports, "/api/process-instances?state=ACTIVE&deliveryId=" + delivery);
      return key != null && active.contains("\"key\":" + key + ",") && active.contains("\"total\":1");
    });

    // stage 3: the answer is stored, and Pulse is killed before its follow-up can be counted on
    HttpResponse<String> answered = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.http() + link.substring(0, link.indexOf('?'))))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("score=2&comment=" + URLEncoder.encode("nobody called back", StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    server.kill();

    server = started(jar, data, ports, settings);
    String response = text(ports, "SELECT id FROM responses WHERE delivery_id = '" + delivery + "'");
    await("the unhappy ticket").atMost(Duration.ofSeconds(60)).until(
        () -> count(ports, "SELECT count(*) FROM tickets WHERE source_key = 'survey-response:" + response + "'") == 1);
    await("the team notification").atMost(Duration.ofSeconds(60)).until(() -> mailsTo(team) == 1);
    await("the enrollment done").atMost(Duration.ofSeconds(120)).until(
        () -> "DONE".equals(text(ports, "SELECT status FROM survey_enrollments WHERE survey_id = '" + bulk + "'")));
    await("every contact of the publish mailed").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> mailedContacts().size() == n);
    await("every delivery of the publish marked sent").atMost(Duration.ofSeconds(60)).until(
        () -> count(ports, "SELECT count(*) FROM deliveries WHERE survey_id = '" + bulk + "' AND status = 'SENT'") == n);

    // one of each, however many times the server died
    assertThat(count(ports, "SELECT count(*) FROM responses WHERE delivery_id = '" + delivery + "'")).isEqualTo(1);
    assertThat(count(ports, "SELECT count(*) FROM deliveries WHERE survey_id = '" + survey + "'")).isEqualTo(1);
    assertThat(text(ports, "SELECT status FROM deliveries WHERE id = '" + delivery + "'")).isEqualTo("ANSWERED");
    assertThat(mailsTo(customer)).as("one survey email, no reminder, no second copy").isEqualTo(1);
    assertThat(count(ports, "SELECT count(*) FROM tickets WHERE source_key = 'survey-response:" + response + "'")).isEqualTo(1);
    assertThat(mailsTo(team)).isEqualTo(1);

    assertThat(count(ports, bulkDeliveries)).as("one delivery per contact (%d at the kill, %d at the stop)", atKill, atStop).isEqualTo(n);
    assertThat(count(ports, "SELECT count(DISTINCT contact_id) FROM deliveries WHERE survey_id = '" + bulk + "'")).isEqualTo(n);
    java.util.Map<String, List<MimeMessage>> byContact = mailedContacts();
    int copies = 0;
    for (var e : byContact.entrySet()) {
      List<MimeMessage> mails = e.getValue();
      assertThat(mails.stream().map(CrashRecoveryIT::messageId).distinct().count()).as("one mail (Message-ID) to " + e.getKey()).isEqualTo(1);
      assertThat(mails.stream().map(CrashRecoveryIT::links).distinct().count()).as("the same links in every copy to " + e.getKey()).isEqualTo(1);
      assertThat(links(mails.get(0))).as("a link per score").hasSize(5);
      copies += mails.size() - 1;
    }
    // a copy can only come from a kill between a mail and its mark: at most the mails then in flight
    assertThat(copies).as("copies resent after the kills").isLessThanOrEqualTo(2 * 32);
    System.out.printf("publish to %d: %d deliveries at the kill, %d at the stop, %d copies resent%n", n, atKill, atStop, copies);
  }

  private java.util.Map<String, List<MimeMessage>> mailedContacts() {
    java.util.Map<String, List<MimeMessage>> byContact = new java.util.TreeMap<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      String to = recipients(m);
      if (to.contains("bulk-")) {
        byContact.computeIfAbsent(to, k -> new ArrayList<>()).add(m);
      }
    }
    return byContact;
  }

  private static java.util.Set<String> links(MimeMessage m) {
    java.util.Set<String> links = new java.util.TreeSet<>();
    Matcher matcher = Pattern.compile("/r/[A-Za-z0-9_.-]+\\?score=\\d").matcher(GreenMailUtil.getBody(m).replace("=\r\n", "").replace("=3D", "="));
    while (matcher.find()) {
      links.add(matcher.group());
    }
    return links;
  }

  private static String messageId(MimeMessage m) {
    try {
      return m.getMessageID();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private JarServer started(Path jar, Path data, JarServer.Ports ports, String... settings) throws Exception {
    List<String> arguments = new ArrayList<>(List.of(settings));
    arguments.add("--pulse.security.bootstrap-admin-key=" + ADMIN_KEY);
    // started four times, each living a minute beside the other IT's servers on two cores: the
    // quick compiler only (no optimising JIT competing for the cores); nothing here measures speed
    arguments.add("-XX:TieredStopAtLevel=1");
    JarServer s = JarServer.start(jar, data, ports, arguments.toArray(String[]::new));
    s.awaitHealthy(http, Duration.ofSeconds(120));
    return s;
  }

  private long mailsTo(String address) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> recipients(m).contains(address)).count();
  }

  private static String recipients(MimeMessage m) {
    try {
      return Arrays.toString(m.getRecipients(Message.RecipientType.TO));
    } catch (Exception e) {
      return "";
    }
  }

  private String scoreLink(String address, int score) {
    MimeMessage mail = Arrays.stream(smtp.getReceivedMessages()).filter(m -> recipients(m).contains(address)).findFirst().orElseThrow();
    Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:\\d+(/r/[A-Za-z0-9_.-]+\\?score=" + score + ")").matcher(GreenMailUtil.getBody(mail));
    assertThat(m.find()).as("a link for score " + score).isTrue();
    return m.group(1);
  }

  private String get(JarServer.Ports ports, String path) throws Exception {
    return send(ports, path, "GET", null);
  }

  private String post(JarServer.Ports ports, String path, String body) throws Exception {
    return send(ports, path, "POST", body);
  }

  private String put(JarServer.Ports ports, String path, String body) throws Exception {
    return send(ports, path, "PUT", body);
  }

  private String send(JarServer.Ports ports, String path, String method, String body) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.http() + path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
    return response.body();
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return m.group(1);
  }

  private Connection connect(JarServer.Ports ports) throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/pulse", "postgres", JarServer.postgresPassword(dataDir));
  }

  private void sql(JarServer.Ports ports, String statement) throws Exception {
    try (Connection c = connect(ports)) {
      assertThat(c.createStatement().executeUpdate(statement)).isEqualTo(1);
    }
  }

  private String text(JarServer.Ports ports, String select) throws Exception {
    try (Connection c = connect(ports); PreparedStatement s = c.prepareStatement(select); ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private int count(JarServer.Ports ports, String select) throws Exception {
    return Integer.parseInt(text(ports, select));
  }
}
