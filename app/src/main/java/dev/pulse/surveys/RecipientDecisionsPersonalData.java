package dev.pulse.surveys;

import dev.pulse.privacy.PersonalData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The rule traces kept per contact (why a contact was or was not a recipient). */
@Component
@Order(30)
class RecipientDecisionsPersonalData implements PersonalData {

  private final JdbcTemplate jdbc;

  RecipientDecisionsPersonalData(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<String, Integer> erase(ErasedContact c) {
    return Map.of("ruleTraces", jdbc.update("DELETE FROM recipient_decisions WHERE contact_id = ?", c.contactId()));
  }

  @Override
  public Map<String, Integer> purge(Instant cutoff) {
    return Map.of("ruleTraces", jdbc.update("DELETE FROM recipient_decisions WHERE decided_at < ?", Timestamp.from(cutoff)));
  }
}
