package dev.pulse.crm;

import dev.pulse.platform.events.Outbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells the surveys that something a survey audience can see about a contact changed: its own
 * record, a list membership, its company, a deal or a ticket. Each affected contact gets a {@code
 * contact.changed} event saying why (outbox, in the caller's transaction), and its {@code
 * audience_changed_at} moves, which is what the publish-time snapshot of existing contacts trusts.
 */
@Component
public class AudienceChanges {

  private final JdbcTemplate jdbc;
  private final Outbox outbox;

  AudienceChanges(JdbcTemplate jdbc, Outbox outbox) {
    this.jdbc = jdbc;
    this.outbox = outbox;
  }

  /** One contact's audience inputs changed ({@code why}: "added to list vip", "deal d-1 changed"). */
  public void contact(String contactId, String why, boolean created) {
    if (contactId == null) {
      return;
    }
    if (jdbc.update("UPDATE contacts SET audience_changed_at = now() WHERE id = ?", contactId) == 0) {
      return; // no such contact (a deal or ticket may name one that is not there yet)
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("contactId", contactId);
    data.put("created", created);
    data.put("why", why);
    outbox.event("contact.changed", contactId, data);
  }

  /** A company changed: every contact of it is decided again. */
  public int company(String companyId, String why) {
    List<String> ids = jdbc.queryForList("UPDATE contacts SET audience_changed_at = now() WHERE company_id = ? RETURNING id", String.class, companyId);
    for (String id : ids) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("contactId", id);
      data.put("created", false);
      data.put("why", why);
      outbox.event("contact.changed", id, data);
    }
    return ids.size();
  }
}
