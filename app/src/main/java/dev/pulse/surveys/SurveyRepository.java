package dev.pulse.surveys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code surveys} and {@code survey_enrollments} tables. */
@Repository
class SurveyRepository {

  record Enrollment(String surveyId, String status, int total, int done, int enrolled, String error) {}

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  SurveyRepository(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  void insert(String id, SurveyInput s) {
    jdbc.update(
        "INSERT INTO surveys (id, name, type, delivery, definition) VALUES (?, ?, ?, ?, ?::jsonb)",
        id, s.name(), s.type().name(), s.delivery().name(), write(s));
  }

  void update(String id, SurveyInput s) {
    // an edit clears the last evaluation error: the next failure (if any) is the new definition's
    jdbc.update("UPDATE surveys SET name = ?, type = ?, definition = ?::jsonb, updated_at = now(), last_error = NULL, last_error_contact = NULL, last_error_at = NULL WHERE id = ?",
        s.name(), s.type().name(), write(s), id);
  }

  /** Sets the status; the first publish also stamps published_at. */
  void setStatus(String id, Survey.Status status) {
    jdbc.update(
        "UPDATE surveys SET status = ?, updated_at = now(),"
            + " published_at = CASE WHEN ? = 'PUBLISHED' THEN coalesce(published_at, now()) ELSE published_at END WHERE id = ?",
        status.name(), status.name(), id);
  }

  /** Deciding a contact for this survey failed: said on the survey, for its editor and the console. */
  void recordError(String id, String contactId, String message) {
    jdbc.update("UPDATE surveys SET last_error = ?, last_error_contact = ?, last_error_at = now() WHERE id = ?",
        message.length() > 2000 ? message.substring(0, 2000) : message, contactId, id);
  }

  /** DRAFT or UNPUBLISHED → PUBLISHED; false when it already was (a concurrent publish won). */
  boolean publish(String id) {
    return jdbc.update(
            "UPDATE surveys SET status = 'PUBLISHED', updated_at = now(), published_at = coalesce(published_at, now()) WHERE id = ? AND status <> 'PUBLISHED'", id)
        == 1;
  }

  Optional<Survey> find(String id) {
    return jdbc.query("SELECT * FROM surveys WHERE id = ?", this::map, id).stream().findFirst();
  }

  List<Survey> all() {
    return jdbc.query("SELECT * FROM surveys ORDER BY created_at, id", this::map);
  }

  List<Survey> published(SurveyInput.Delivery delivery) {
    return jdbc.query("SELECT * FROM surveys WHERE status = 'PUBLISHED' AND delivery = ? ORDER BY id", this::map, delivery.name());
  }

  /** Changes whenever a survey of this delivery is published, unpublished or edited. */
  String publishedVersion(SurveyInput.Delivery delivery) {
    return jdbc.queryForObject(
        "SELECT count(*) || '/' || coalesce(sum(hashtext(id || updated_at::text)::bigint), 0) FROM surveys WHERE status = 'PUBLISHED' AND delivery = ?", String.class, delivery.name());
  }

  /** Forgets who matched at an earlier publish. */
  void clearBaseline(String surveyId) {
    jdbc.update("DELETE FROM survey_baseline WHERE survey_id = ?", surveyId);
  }

  /** Records a new enrollment run, in the publishing transaction: committed means it will run. */
  void startEnrollment(String surveyId, int total, String reason) {
    jdbc.update(
        "INSERT INTO survey_enrollments (survey_id, status, total, reason) VALUES (?, 'RUNNING', ?, ?)"
            + " ON CONFLICT (survey_id) DO UPDATE SET status = 'RUNNING', total = EXCLUDED.total, done = 0, enrolled = 0,"
            + " error = NULL, started_at = now(), finished_at = NULL, cursor = NULL, owner = NULL, heartbeat_at = NULL, attempts = 0, reason = EXCLUDED.reason",
        surveyId, total, reason);
  }

  /** A running enrollment taken by one owner: when it started, and the last contact id whose page is done. */
  record Claimed(String surveyId, java.time.Instant startedAt, String cursor, int attempts, String reason) {}

  /** Takes a running enrollment nobody holds, or whose holder stopped beating for {@code lease}. */
  Optional<Claimed> claimEnrollment(String surveyId, String owner, java.time.Duration lease) {
    return jdbc.query(
            "UPDATE survey_enrollments SET owner = ?, heartbeat_at = now(), attempts = attempts + 1"
                + " WHERE survey_id = ? AND status = 'RUNNING' AND (owner IS NULL OR heartbeat_at < now() - make_interval(secs => ?))"
                + " RETURNING survey_id, started_at, cursor, attempts, reason",
            (rs, i) -> new Claimed(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getInt(4), rs.getString(5)),
            owner, surveyId, (double) lease.toSeconds())
        .stream()
        .findFirst();
  }

  /** Running enrollments nobody holds (a graceful stop handed them over) or whose holder is gone. */
  List<String> claimableEnrollments(java.time.Duration lease) {
    return jdbc.queryForList(
        "SELECT survey_id FROM survey_enrollments WHERE status = 'RUNNING' AND (owner IS NULL OR heartbeat_at < now() - make_interval(secs => ?)) ORDER BY started_at",
        String.class, (double) lease.toSeconds());
  }

  /** A page is done: the cursor moves past it. False when this owner no longer holds the run. */
  boolean pageDone(String surveyId, String owner, String cursor, int done, int enrolled) {
    return jdbc.update(
            "UPDATE survey_enrollments SET cursor = ?, done = done + ?, enrolled = enrolled + ?, heartbeat_at = now() WHERE survey_id = ? AND owner = ? AND status = 'RUNNING'",
            cursor, done, enrolled, surveyId, owner)
        == 1;
  }

  /** Still holding the run? Renews the lease. */
  boolean heartbeat(String surveyId, String owner) {
    return jdbc.update("UPDATE survey_enrollments SET heartbeat_at = now() WHERE survey_id = ? AND owner = ? AND status = 'RUNNING'", surveyId, owner) == 1;
  }

  /** Hands the run over (a graceful stop, a retryable failure): the next taker resumes from the cursor. */
  void releaseEnrollment(String surveyId, String owner, String error) {
    jdbc.update("UPDATE survey_enrollments SET owner = NULL, heartbeat_at = NULL, error = ? WHERE survey_id = ? AND owner = ? AND status = 'RUNNING'", error, surveyId, owner);
  }

  void finishEnrollment(String surveyId, String owner, String status, String error) {
    jdbc.update(
        "UPDATE survey_enrollments SET status = ?, error = ?, finished_at = now(), owner = NULL, heartbeat_at = NULL WHERE survey_id = ? AND owner = ?",
        status, error, surveyId, owner);
  }

  Optional<Enrollment> enrollment(String surveyId) {
    return jdbc.query(
            "SELECT survey_id, status, total, done, enrolled, error FROM survey_enrollments WHERE survey_id = ?",
            (rs, i) -> new Enrollment(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getString(6)),
            surveyId)
        .stream()
        .findFirst();
  }

  private Survey map(ResultSet rs, int row) throws SQLException {
    Timestamp published = rs.getTimestamp("published_at");
    try {
      return new Survey(
          rs.getString("id"),
          json.readValue(rs.getString("definition"), SurveyInput.class),
          Survey.Status.valueOf(rs.getString("status")),
          published == null ? null : published.toInstant(),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant(),
          rs.getString("last_error") == null ? null
              : new Survey.EvaluationError(rs.getString("last_error"), rs.getString("last_error_contact"), rs.getTimestamp("last_error_at").toInstant()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("survey " + rs.getString("id") + " has an unreadable definition", e);
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
