package dev.pulse.processes.embedded;

import dev.pulse.platform.embedded.EmbeddedStack;
import dev.pulse.processes.FreshEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The embedded engine, empty at every start, as reconciliation sees it. */
@Component
class EmbeddedFreshEngine implements FreshEngine {

  private final EmbeddedStack stack;

  EmbeddedFreshEngine(ObjectProvider<EmbeddedStack> stack) {
    this.stack = stack.getIfAvailable();
  }

  @Override
  public boolean adoptFresh() {
    return stack != null && stack.zeebe() != null && stack.zeebe().adoptFresh();
  }
}
