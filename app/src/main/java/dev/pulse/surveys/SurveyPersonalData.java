package dev.pulse.surveys;

import dev.pulse.privacy.PersonalData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The surveys' personal data: deliveries, answers, the audience baseline and web survey impressions. */
@Component
@Order(10)
class SurveyPersonalData implements PersonalData {

  private final JdbcTemplate jdbc;

  SurveyPersonalData(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Locked (a served web survey's start locks the same rows), so none starts while the erasure runs. */
  @Override
  public List<Long> runningInstances(String contactId) {
    return jdbc.queryForList(
        "SELECT process_instance_key FROM deliveries WHERE contact_id = ? AND completed_at IS NULL AND process_instance_key IS NOT NULL FOR UPDATE",
        Long.class, contactId);
  }

  @Override
  public Map<String, Integer> erase(ErasedContact c) {
    Map<String, Integer> n = new LinkedHashMap<>();
    n.put("deliveriesEnded", jdbc.update(
        "UPDATE deliveries SET status = 'SKIPPED', skip_reason = 'the contact was erased', finished_at = now(), completed_at = now()"
            + " WHERE contact_id = ? AND status IN ('SCHEDULED', 'SENT')", c.contactId()));
    n.put("responses", jdbc.update("UPDATE responses SET contact_id = ?, comment = NULL, consent = '{}' WHERE contact_id = ?", c.pseudonym(), c.contactId()));
    n.put("deliveries", jdbc.update("UPDATE deliveries SET contact_id = ?, context = '{}' WHERE contact_id = ?", c.pseudonym(), c.contactId()));
    n.put("surveyBaseline", jdbc.update("DELETE FROM survey_baseline WHERE contact_id = ?", c.contactId()));
    n.put("webSurveyImpressions", jdbc.update("UPDATE web_survey_impressions SET contact_id = NULL WHERE contact_id = ?", c.contactId()));
    return n;
  }

  @Override
  public Map<String, Integer> purge(Instant cutoff) {
    Timestamp before = Timestamp.from(cutoff);
    Map<String, Integer> n = new LinkedHashMap<>();
    n.put("responses", jdbc.update(
        "UPDATE responses SET contact_id = 'purged-' || gen_random_uuid(), comment = NULL WHERE answered_at < ? AND contact_id NOT LIKE 'purged-%'", before));
    n.put("deliveries", jdbc.update(
        "UPDATE deliveries SET contact_id = 'purged-' || gen_random_uuid(), context = '{}'"
            + " WHERE finished_at < ? AND status IN ('ANSWERED', 'EXPIRED', 'SKIPPED') AND contact_id NOT LIKE 'purged-%'", before));
    return n;
  }
}
