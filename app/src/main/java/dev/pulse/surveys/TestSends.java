package dev.pulse.surveys;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Test sends ({@code survey_test_sends}): the real mail to an address of the analyst's choice,
 * whose links open the real answer page. An answer to one is stored here, once, and nowhere else:
 * not a delivery, not a response, so never in analytics, funnels or follow-ups.
 */
@Repository
class TestSends {

  /** Answer links of test sends carry this before the test send's id. */
  static final String PREFIX = "test:";

  record TestSend(String id, String surveyId, String contactId, String sentTo, Instant sentAt, Instant expiresAt,
      Integer score, String bucket, String comment, Instant answeredAt) {}

  private final JdbcTemplate jdbc;

  TestSends(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void record(String id, String surveyId, String contactId, String sentTo, Instant expiresAt) {
    jdbc.update("INSERT INTO survey_test_sends (id, survey_id, contact_id, sent_to, expires_at) VALUES (?, ?, ?, ?, ?)",
        id, surveyId, contactId, sentTo, Timestamp.from(expiresAt));
  }

  Optional<TestSend> find(String id) {
    return jdbc.query("SELECT * FROM survey_test_sends WHERE id = ?", TestSends::map, id).stream().findFirst();
  }

  /** Stores the answer unless one is there; false when it was answered already. */
  boolean answer(String id, int score, String bucket, String comment) {
    return jdbc.update("UPDATE survey_test_sends SET score = ?, bucket = ?, comment = ?, answered_at = now() WHERE id = ? AND answered_at IS NULL",
        score, bucket, comment, id) == 1;
  }

  List<TestSend> of(String surveyId) {
    return jdbc.query("SELECT * FROM survey_test_sends WHERE survey_id = ? ORDER BY sent_at DESC LIMIT 100", TestSends::map, surveyId);
  }

  private static TestSend map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
    return new TestSend(rs.getString("id"), rs.getString("survey_id"), rs.getString("contact_id"), rs.getString("sent_to"),
        rs.getTimestamp("sent_at").toInstant(), rs.getTimestamp("expires_at").toInstant(), (Integer) rs.getObject("score"),
        rs.getString("bucket"), rs.getString("comment"), rs.getTimestamp("answered_at") == null ? null : rs.getTimestamp("answered_at").toInstant());
  }
}
