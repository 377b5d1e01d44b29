package dev.pulse.testing;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;

/**
 * The job worker of the foundation-smoke test process (deployed with every test stack); remembers
 * which orders it handled. Part of the one shared test context, so no test class needs a context
 * of its own.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FoundationWorkers {

  public static final Set<String> HANDLED = ConcurrentHashMap.newKeySet();
  /** Orders whose "flaky service" call fails until they are removed again. */
  public static final Set<String> FAILING = ConcurrentHashMap.newKeySet();

  /**
   * The tests' REST calls act as the bootstrap admin unless they set their own Authorization
   * (or send {@code X-Test-Anonymous} to call without any).
   */
  @org.springframework.context.annotation.Bean
  org.springframework.boot.web.client.RestTemplateCustomizer adminKeyForTests() {
    return template -> template.getInterceptors().add((request, body, execution) -> {
      if (request.getHeaders().containsKey("X-Test-Anonymous")) {
        request.getHeaders().remove("X-Test-Anonymous");
      } else if (!request.getHeaders().containsKey("Authorization") && !request.getHeaders().containsKey("X-API-Key")) {
        request.getHeaders().setBearerAuth(TestStack.ADMIN_KEY);
      }
      return execution.execute(request, body);
    });
  }

  @JobWorker(type = "foundation-handle")
  public Map<String, Object> handle(@Variable String orderId) {
    HANDLED.add(orderId);
    return Map.of("handledBy", "foundation-worker");
  }

  @JobWorker(type = "monitoring-flaky")
  public Map<String, Object> flaky(@Variable String orderId) {
    if (FAILING.contains(orderId)) {
      throw new IllegalStateException("the flaky service is down for " + orderId);
    }
    return Map.of("calledFor", orderId);
  }
}
