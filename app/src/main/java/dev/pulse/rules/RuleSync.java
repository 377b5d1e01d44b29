package dev.pulse.rules;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every replica serves the newest version recorded in PostgreSQL: a change deployed, rolled back
 * or edited on one replica is live on the others within {@code pulse.rules.sync-interval} (2 s).
 */
@Component
class RuleSync {

  private static final Logger LOG = LoggerFactory.getLogger(RuleSync.class);

  private final RuleBases rules;

  RuleSync(RuleBases rules) {
    this.rules = rules;
  }

  @Scheduled(fixedDelayString = "${pulse.rules.sync-interval:2s}", initialDelayString = "${pulse.rules.sync-interval:2s}")
  void sync() {
    try {
      rules.sync();
    } catch (RuntimeException e) {
      LOG.warn("Could not compare the live rules with the versions recorded in the database; trying again: {}", e.toString());
    }
  }
}
