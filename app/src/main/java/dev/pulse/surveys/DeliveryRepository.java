package dev.pulse.surveys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code deliveries} table. */
@Repository
class DeliveryRepository {

  record PastSend(String surveyId, Instant sentAt, Instant answeredAt) {}

  private final JdbcTemplate jdbc;

  DeliveryRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Creates the delivery unless one exists for (survey, contact, cycle); true when created. */
  boolean insertIfAbsent(String id, String surveyId, String contactId, int cycle, String channel, Instant sendAfter, String enrolledBecause) {
    return jdbc.update(
            "INSERT INTO deliveries (id, survey_id, contact_id, cycle, channel, status, send_after, enrolled_because) VALUES (?, ?, ?, ?, ?, 'SCHEDULED', ?, ?)"
                + " ON CONFLICT DO NOTHING",
            id, surveyId, contactId, cycle, channel, Timestamp.from(sendAfter), enrolledBecause)
        == 1;
  }

  /** Which change enrolled the delivery, when known. */
  String enrolledBecause(String id) {
    return jdbc.queryForList("SELECT enrolled_because FROM deliveries WHERE id = ?", String.class, id).stream().filter(w -> w != null).findFirst().orElse(null);
  }

  /** A delivery triggered for an occasion (a closed chat): with its conversation, the agent and team to credit, and its context. */
  boolean insertTriggered(String id, String surveyId, String contactId, int cycle, String channel, String conversationId, String agentId, String teamId, String contextJson) {
    return jdbc.update(
            "INSERT INTO deliveries (id, survey_id, contact_id, cycle, channel, status, conversation_id, agent_id, team_id, context)"
                + " VALUES (?, ?, ?, ?, ?, 'SCHEDULED', ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING",
            id, surveyId, contactId, cycle, channel, conversationId, agentId, teamId, contextJson)
        == 1;
  }

  /** A web survey served to a visitor: open (SENT) from the start, its credit fixed now. */
  void insertWebDelivery(String id, String surveyId, String recipient, int cycle, Instant expiresAt, String agentId, String teamId, String contextJson) {
    jdbc.update(
        "INSERT INTO deliveries (id, survey_id, contact_id, cycle, channel, status, sent_at, expires_at, agent_id, team_id, context)"
            + " VALUES (?, ?, ?, ?, 'WEB', 'SENT', now(), ?, ?, ?, ?::jsonb)",
        id, surveyId, recipient, cycle, Timestamp.from(expiresAt), agentId, teamId, contextJson);
  }

  /**
   * Holds, until the transaction ends, the lock for deciding a delivery of this survey to this
   * contact: whoever decides next sees what this transaction committed.
   */
  void lockPair(String surveyId, String contactId) {
    jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))", surveyId, contactId);
  }

  /** The cycle the next delivery of this survey to this contact would be. */
  int nextCycle(String surveyId, String contactId) {
    return jdbc.queryForObject(
        "SELECT coalesce(max(cycle), 0) + 1 FROM deliveries WHERE survey_id = ? AND contact_id = ?", Integer.class, surveyId, contactId);
  }

  /** True while this contact has a delivery of this survey that has not ended. */
  boolean hasOpen(String surveyId, String contactId) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM deliveries WHERE survey_id = ? AND contact_id = ? AND status IN ('SCHEDULED', 'SENT')",
        Integer.class, surveyId, contactId) > 0;
  }

  /** True when this survey reached this contact (any delivery, any state) at or after the instant. */
  boolean createdSince(String surveyId, String contactId, Instant since) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM deliveries WHERE survey_id = ? AND contact_id = ? AND scheduled_at >= ?",
        Integer.class, surveyId, contactId, Timestamp.from(since)) > 0;
  }

  /**
   * Records that the send of a scheduled delivery begins, before anything leaves: the first call
   * fixes the expiry (and so the link); a call after a crash gets the same expiry back, and
   * whether a send had begun before. Empty when the delivery is no longer scheduled.
   */
  Optional<SendStart> beginSend(String id, Instant expiresAt) {
    return jdbc.query(
            "UPDATE deliveries d SET send_started_at = coalesce(d.send_started_at, now()), expires_at = coalesce(d.expires_at, ?)"
                + " FROM deliveries before WHERE d.id = ? AND before.id = d.id AND d.status = 'SCHEDULED'"
                + " RETURNING d.expires_at, before.send_started_at IS NOT NULL",
            (rs, i) -> new SendStart(rs.getTimestamp(1).toInstant(), rs.getBoolean(2)),
            Timestamp.from(expiresAt), id)
        .stream()
        .findFirst();
  }

  /** The expiry a send uses, and whether an earlier attempt had begun (its mail may have left). */
  record SendStart(Instant expiresAt, boolean repeated) {}

  void setProcessInstance(String id, long key) {
    jdbc.update("UPDATE deliveries SET process_instance_key = ? WHERE id = ?", key, id);
  }

  Optional<Delivery> find(String id) {
    return jdbc.query("SELECT * FROM deliveries WHERE id = ?", DeliveryRepository::map, id).stream().findFirst();
  }

  Optional<Delivery> lock(String id) {
    return jdbc.query("SELECT * FROM deliveries WHERE id = ? FOR UPDATE", DeliveryRepository::map, id).stream().findFirst();
  }

  List<Delivery> forSurvey(String surveyId) {
    return jdbc.query("SELECT * FROM deliveries WHERE survey_id = ? ORDER BY scheduled_at, id", DeliveryRepository::map, surveyId);
  }

  /** What was sent to this contact before (any survey), for the cooldown and responder rules. */
  List<PastSend> history(String contactId) {
    return jdbc.query(
        "SELECT survey_id, sent_at, answered_at FROM deliveries WHERE contact_id = ? AND sent_at IS NOT NULL",
        (rs, i) -> new PastSend(rs.getString(1), instant(rs, "sent_at"), instant(rs, "answered_at")),
        contactId);
  }

  /** Marks sent (once): false when it was already sent. */
  boolean markSent(String id, Instant expiresAt, String agentId, String teamId) {
    return jdbc.update(
            "UPDATE deliveries SET status = 'SENT', sent_at = now(), expires_at = ?, agent_id = ?, team_id = ?"
                + " WHERE id = ? AND status = 'SCHEDULED'",
            Timestamp.from(expiresAt), agentId, teamId, id)
        == 1;
  }

  boolean markReminded(String id) {
    return jdbc.update("UPDATE deliveries SET reminded_at = now() WHERE id = ? AND status = 'SENT' AND reminded_at IS NULL", id) == 1;
  }

  boolean markSkipped(String id, String reason) {
    return jdbc.update(
            "UPDATE deliveries SET status = 'SKIPPED', skip_reason = ?, finished_at = now() WHERE id = ? AND status = 'SCHEDULED'", reason, id)
        == 1;
  }

  boolean markExpired(String id) {
    return jdbc.update("UPDATE deliveries SET status = 'EXPIRED', finished_at = now() WHERE id = ? AND status = 'SENT'", id) == 1;
  }

  /** The lifecycle ended (whatever its outcome): nothing more is owed for this delivery. */
  void markCompleted(String id) {
    jdbc.update("UPDATE deliveries SET completed_at = now() WHERE id = ? AND completed_at IS NULL", id);
  }

  boolean markAnswered(String id) {
    return jdbc.update(
            "UPDATE deliveries SET status = 'ANSWERED', answered_at = now(), finished_at = now() WHERE id = ? AND status = 'SENT'", id)
        == 1;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static Delivery map(ResultSet rs, int row) throws SQLException {
    return new Delivery(
        rs.getString("id"),
        rs.getString("survey_id"),
        rs.getString("contact_id"),
        rs.getInt("cycle"),
        rs.getString("channel"),
        Delivery.Status.valueOf(rs.getString("status")),
        rs.getString("skip_reason"),
        rs.getObject("process_instance_key", Long.class),
        rs.getString("conversation_id"),
        rs.getString("agent_id"),
        rs.getString("team_id"),
        instant(rs, "scheduled_at"),
        instant(rs, "send_after"),
        instant(rs, "sent_at"),
        instant(rs, "reminded_at"),
        instant(rs, "expires_at"),
        instant(rs, "answered_at"),
        rs.getString("context"));
  }
}
