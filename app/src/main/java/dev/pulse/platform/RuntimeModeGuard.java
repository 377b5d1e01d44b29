package dev.pulse.platform;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The production artifact carries no embedded stack. Asked to run embedded (the default mode)
 * without it, the server stops at once and says what to do, instead of failing later on a
 * database or broker that nobody started.
 */
public final class RuntimeModeGuard implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  static final String EMBEDDED_RUNTIME = "dev.pulse.platform.embedded.EmbeddedStackInitializer";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    if (RuntimeMode.embedded(context.getEnvironment()) && !ClassUtils.isPresent(EMBEDDED_RUNTIME, getClass().getClassLoader())) {
      throw new IllegalStateException(
          "This Pulse artifact has no embedded stack (it is the production server). Set PULSE_RUNTIME_MODE=external and point it at "
              + "Camunda 8, Kafka and PostgreSQL (see deploy/README.md), or run the embedded server: ./mvnw -pl embedded -am spring-boot:run");
    }
  }
}
