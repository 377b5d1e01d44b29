package dev.pulse.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged jar run as a separate process, as a user runs it, on ports of the test's choosing. */
record JarServer(Process process, Path log, int httpPort) {

  record Ports(int http, int postgres, int kafka, int controller, int zeebe, int mail) {

    static Ports free() throws IOException {
      return new Ports(JarServer.free(), JarServer.free(), JarServer.free(), JarServer.free(), JarServer.free(), JarServer.free());
    }
  }

  static JarServer start(Path jar, Path data, Ports ports, String... extraArguments) throws IOException {
    Path log = Files.createTempFile(data.getParent(), "pulse-jar-", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-XX:+UseParallelGC"));
    // JVM options among the arguments go before -jar (the crash test's servers live minutes: C1 only)
    List.of(extraArguments).stream().filter(a -> a.startsWith("-X")).forEach(command::add);
    command.addAll(List.of(
        "-jar",
        jar.toString(),
        "--server.port=" + ports.http(),
        "--pulse.runtime.data-dir=" + data,
        "--pulse.runtime.embedded.postgres.port=" + ports.postgres(),
        "--pulse.runtime.embedded.kafka.port=" + ports.kafka(),
        "--pulse.runtime.embedded.kafka.controller-port=" + ports.controller(),
        "--pulse.runtime.embedded.zeebe.port=" + ports.zeebe(),
        "--pulse.runtime.embedded.mail.port=" + ports.mail()));
    if (List.of(extraArguments).stream().noneMatch(a -> a.startsWith("--pulse.processes.dir="))) {
      command.add("--pulse.processes.dir=" + data.resolve("no-processes-here")); // the copy packed in the jar
    }
    List.of(extraArguments).stream().filter(a -> !a.startsWith("-X")).forEach(command::add);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new JarServer(process, log, ports.http());
  }

  /** Waits for health UP; returns the milliseconds it took. */
  long awaitHealthy(HttpClient http, Duration timeout) throws Exception {
    long began = System.nanoTime();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).timeout(Duration.ofSeconds(5)).build();
    try {
      org.awaitility.Awaitility.await("Pulse healthy")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> {
            if (!process.isAlive()) {
              throw new AssertionError("Pulse exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
              HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
              return response.statusCode() == 200 && response.body().startsWith("{\"status\":\"UP\"");
            } catch (IOException notListeningYet) {
              return false;
            }
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      process.destroyForcibly();
      throw new AssertionError("Pulse was not healthy within " + timeout + ":\n" + Files.readString(log), e);
    }
    return (System.nanoTime() - began) / 1_000_000;
  }

  /** The one-time admin key the first start of a fresh data directory printed in this log. */
  static String printedAdminKey(Path log) throws IOException {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("No admin API key existed[\\s\\S]*?(pulse_[a-z0-9]{12}_[A-Za-z0-9_-]{43})").matcher(Files.readString(log));
    if (!m.find()) {
      throw new AssertionError("the first start prints a one-time admin key; none in " + log);
    }
    return m.group(1);
  }

  /** The password the embedded PostgreSQL of this data folder was given on its first start. */
  static String postgresPassword(Path data) {
    try {
      return Files.readString(data.resolve("secrets").resolve("postgres-password")).trim();
    } catch (IOException e) {
      throw new AssertionError("no PostgreSQL password in " + data, e);
    }
  }

  /** SIGKILL, as a crash or an OOM killer would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new AssertionError("Pulse did not die of SIGKILL");
    }
  }

  static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
