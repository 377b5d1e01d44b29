package dev.pulse.platform.security;

import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The first admin key. Pulse ships no default password: on the first start (no admin key
 * exists), it creates an admin key and prints it once in the log. Automation can give its own
 * with {@code pulse.security.bootstrap-admin-key} instead; it is stored (hashed) if its id is
 * new. Only one replica creates it (a settings row decides).
 */
@Component
class BootstrapAdminKey {

  private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdminKey.class);

  private final ApiKeys keys;
  private final JdbcTemplate jdbc;
  private final String configured;

  BootstrapAdminKey(ApiKeys keys, JdbcTemplate jdbc, @Value("${pulse.security.bootstrap-admin-key:}") String configured) {
    this.keys = keys;
    this.jdbc = jdbc;
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
    boolean mine = jdbc.update("INSERT INTO settings (name, value) VALUES ('bootstrap-admin-key', 'created') ON CONFLICT (name) DO NOTHING") == 1;
    if (!mine) {
      return;
    }
    ApiKeys.Created created = keys.create("bootstrap admin", EnumSet.of(ApiKeys.Role.ADMIN), null, "first start");
    LOG.warn("""

        ==================================================================================
        No admin API key existed, so Pulse created one. It is shown this once; store it now.
          {}
        Use it as "Authorization: Bearer <key>", create other keys with POST /api/keys,
        and revoke this one when you no longer need it.
        ==================================================================================""", created.value());
  }
}
