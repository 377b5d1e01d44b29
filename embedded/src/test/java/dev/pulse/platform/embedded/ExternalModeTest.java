package dev.pulse.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** External mode starts nothing in-process and leaves the connection settings to the user. */
class ExternalModeTest {

  private static GenericApplicationContext contextWith(Map<String, Object> properties) {
    GenericApplicationContext context = new GenericApplicationContext();
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
    return context;
  }

  @Test
  void externalModeStartsNoEmbeddedServerAndKeepsTheGivenAddresses() {
    GenericApplicationContext context =
        contextWith(Map.of("pulse.runtime.mode", "external", "spring.datasource.url", "jdbc:postgresql://db.internal:5432/pulse"));
    new EmbeddedStackInitializer().initialize(context);

    assertThat(context.getBeanFactory().containsSingleton(EmbeddedStackInitializer.STACK_BEAN)).isFalse();
    assertThat(context.getEnvironment().getPropertySources().contains("pulse-embedded-stack")).isFalse();
    assertThat(context.getEnvironment().getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.internal:5432/pulse");
  }

  @Test
  void anUnknownModeIsRefusedNamingTheSetting() {
    GenericApplicationContext context = contextWith(Map.of("pulse.runtime.mode", "hybrid"));
    assertThatThrownBy(() -> new EmbeddedStackInitializer().initialize(context))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pulse.runtime.mode")
        .hasMessageContaining("hybrid");
  }
}
