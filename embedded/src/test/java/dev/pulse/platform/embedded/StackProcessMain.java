package dev.pulse.platform.embedded;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an embedded stack (PostgreSQL and Kafka) in a JVM of its own, so that a test can kill
 * that JVM with SIGKILL. Prints {@code READY} when up, then waits to be killed.
 *
 * <p>Arguments: data dir, PostgreSQL port, Kafka port, Kafka controller port.
 */
public final class StackProcessMain {

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    EmbeddedSettings settings =
        EmbeddedStackRestartTest.settings(
            Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    EmbeddedStack.start(settings);
    System.out.println("READY");
    System.out.flush();
    Thread.currentThread().join();
  }

  private StackProcessMain() {}
}
