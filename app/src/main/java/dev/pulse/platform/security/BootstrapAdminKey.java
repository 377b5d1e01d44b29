package dev.pulse.platform.security;

import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The first admin key, and the way back in. Pulse ships no default password: on a start where no
 * active admin key exists, it creates one and prints it once in the log (the first start, or a
 * restart after access was lost). Automation can give its own with {@code
 * pulse.security.bootstrap-admin-key} instead; it is stored (hashed) if its id is new. Only one
 * replica creates it (a lock decides).
 */
@Component
class BootstrapAdminKey {

  private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdminKey.class);

  private final ApiKeys keys;
  private final String configured;

  BootstrapAdminKey(ApiKeys keys, @Value("${pulse.security.bootstrap-admin-key:}") String configured) {
    this.keys = keys;
    this.configured = configured;
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(-10)
  void ensure() {
    if (!configured.isBlank()) {
      if (keys.adopt(configured.strip(), "bootstrap admin (configured)", EnumSet.of(ApiKeys.Role.ADMIN))) {
        LOG.info("Stored the configured bootstrap admin key");
      }
      return;
    }
    if (keys.anyActiveAdmin()) {
      return;
    }
    // No active admin key: the first start, or access lost outside the API (revoking the last
    // admin key through it is refused). One replica creates the key and prints it.
    ApiKeys.Created created = keys.createAdminIfNone("bootstrap admin", "start without an admin key");
    if (created == null) {
      return;
    }
    LOG.warn("""

        ==================================================================================
        No admin API key existed, so Pulse created one. It is shown this once; store it now.
          {}
        Use it as "Authorization: Bearer <key>", create other keys with POST /api/keys,
        and revoke this one when you no longer need it.
        ==================================================================================""", created.value());
  }
}
