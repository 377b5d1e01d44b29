package dev.pulse.crm;

import dev.pulse.privacy.ErasureSubjects;
import dev.pulse.privacy.PersonalData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The CRM's personal data: tickets, deals and list memberships lose the contact; the contact row itself goes last. */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class CrmPersonalData implements PersonalData, ErasureSubjects {

  private final JdbcTemplate jdbc;

  CrmPersonalData(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean exists(String contactId) {
    return !jdbc.queryForList("SELECT id FROM contacts WHERE id = ?", String.class, contactId).isEmpty();
  }

  @Override
  public Optional<String> lock(String contactId) {
    List<String> emails = jdbc.query("SELECT email FROM contacts WHERE id = ? FOR UPDATE", (rs, i) -> rs.getString(1) == null ? "" : rs.getString(1), contactId);
    return emails.stream().findFirst();
  }

  @Override
  public Map<String, Integer> erase(ErasedContact c) {
    Map<String, Integer> n = new LinkedHashMap<>();
    n.put("tickets", jdbc.update("UPDATE tickets SET contact_id = ?, subject = 'Ticket of an erased contact', properties = '{}' WHERE contact_id = ?",
        c.pseudonym(), c.contactId()));
    n.put("deals", jdbc.update("UPDATE deals SET contact_id = NULL WHERE contact_id = ?", c.contactId()));
    n.put("listMemberships", jdbc.update("DELETE FROM list_members WHERE contact_id = ?", c.contactId()));
    n.put("contact", jdbc.update("DELETE FROM contacts WHERE id = ?", c.contactId()));
    return n;
  }
}
