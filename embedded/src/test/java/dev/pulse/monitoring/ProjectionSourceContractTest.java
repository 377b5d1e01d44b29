package dev.pulse.monitoring;

import dev.pulse.testing.PulseStackTest;
import io.camunda.client.CamundaClient;
import org.springframework.beans.factory.annotation.Autowired;

/** The monitoring contract on embedded mode's own source: the projection of the engine's records. */
class ProjectionSourceContractTest extends PulseStackTest implements MonitoringSourceContract {

  @Autowired private CamundaClient client;
  @Autowired private ProjectionSource projection;

  @Override
  public CamundaClient engine() {
    return client;
  }

  @Override
  public MonitoringSource source() {
    return projection;
  }
}
