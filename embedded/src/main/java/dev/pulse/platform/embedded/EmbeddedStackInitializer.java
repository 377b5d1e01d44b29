package dev.pulse.platform.embedded;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the embedded stack before any bean definition loads (the DataSource, Flyway, Kafka and
 * the Camunda client all need their servers up when they are created), points the Environment at
 * it, and registers its release as the first disposable bean so that it stops last.
 *
 * <p>Registered in {@code META-INF/spring.factories}, so it runs for {@code java -jar} and for
 * {@code @SpringBootTest} alike.
 */
public class EmbeddedStackInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

  public static final String STACK_BEAN = "pulseEmbeddedStack";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment env = context.getEnvironment();
    if (!EmbeddedSettings.embeddedMode(env)) {
      return;
    }
    if (context.getParent() != null && context.getParent().containsBean(STACK_BEAN)) {
      return;
    }
    EmbeddedStack stack = EmbeddedStack.acquire(EmbeddedSettings.from(env));
    env.getPropertySources().addFirst(new MapPropertySource("pulse-embedded-stack", stack.properties()));
    DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
    beans.registerSingleton(STACK_BEAN, stack);
    beans.registerDisposableBean(STACK_BEAN + "Release", stack::release);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
