package dev.pulse.conversations;

import dev.pulse.privacy.PersonalData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The conversations' personal data: the conversations and their messages. */
@Component
@Order(20)
class ConversationPersonalData implements PersonalData {

  private final JdbcTemplate jdbc;

  ConversationPersonalData(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Long> runningInstances(String contactId) {
    return jdbc.queryForList(
        "SELECT process_instance_key FROM conversations WHERE contact_id = ? AND status <> 'CLOSED' AND process_instance_key IS NOT NULL",
        Long.class, contactId);
  }

  @Override
  public Map<String, Integer> erase(ErasedContact c) {
    Map<String, Integer> n = new LinkedHashMap<>();
    n.put("conversationsClosed", jdbc.update(
        "UPDATE conversations SET status = 'CLOSED', closed_at = now(), queued_at = NULL WHERE contact_id = ? AND status <> 'CLOSED'", c.contactId()));
    n.put("messages", jdbc.update(
        "UPDATE messages SET body = ?, author = CASE WHEN direction = 'IN' THEN NULL ELSE author END"
            + " WHERE conversation_id IN (SELECT id FROM conversations WHERE contact_id = ?)", ERASED, c.contactId()));
    n.put("conversations", jdbc.update("UPDATE conversations SET contact_id = ?, routing = NULL WHERE contact_id = ?", c.pseudonym(), c.contactId()));
    if (c.email() != null) {
      n.put("messagesMentioningEmail", jdbc.update("UPDATE messages SET body = ? WHERE position(lower(?) IN lower(body)) > 0", ERASED, c.email()));
    }
    return n;
  }

  @Override
  public Map<String, Integer> purge(Instant cutoff) {
    Timestamp before = Timestamp.from(cutoff);
    Map<String, Integer> n = new LinkedHashMap<>();
    n.put("messages", jdbc.update(
        "UPDATE messages SET body = ?, author = CASE WHEN direction = 'IN' THEN NULL ELSE author END"
            + " WHERE created_at < ? AND body <> ? AND conversation_id IN (SELECT id FROM conversations WHERE status = 'CLOSED' AND closed_at < ?)",
        PURGED, before, PURGED, before));
    n.put("conversations", jdbc.update(
        "UPDATE conversations SET contact_id = 'purged-' || gen_random_uuid(), routing = NULL"
            + " WHERE status = 'CLOSED' AND closed_at < ? AND contact_id NOT LIKE 'purged-%'", before));
    return n;
  }
}
