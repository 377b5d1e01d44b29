package dev.pulse.crm;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.RowMapper;

/**
 * A ticket as the API shows it; its JSON keeps the columns' snake_case names ({@code source_key},
 * {@code owner_id}) that clients read. {@code sourceKey} says what opened it (e.g.
 * {@code conversation:<id>}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Ticket(String id, String sourceKey, String contactId, String subject, String pipeline, String stage, String priority, String ownerId,
    Instant escalatedAt, Instant closedAt, Instant createdAt) {

  /** The columns {@link #ROW} reads, of the tickets table aliased {@code t}. */
  public static final String COLUMNS = "t.id, t.source_key, t.contact_id, t.subject, t.pipeline, t.stage, t.priority, t.owner_id, t.escalated_at, t.closed_at, t.created_at";

  public static final RowMapper<Ticket> ROW = (rs, i) -> new Ticket(rs.getString("id"), rs.getString("source_key"), rs.getString("contact_id"),
      rs.getString("subject"), rs.getString("pipeline"), rs.getString("stage"), rs.getString("priority"), rs.getString("owner_id"),
      instant(rs.getTimestamp("escalated_at")), instant(rs.getTimestamp("closed_at")), instant(rs.getTimestamp("created_at")));

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
