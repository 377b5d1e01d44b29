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
    jdbc.update("UPDATE surveys SET name = ?, type = ?, definition = ?::jsonb, updated_at = now() WHERE id = ?", s.name(), s.type().name(), write(s), id);
  }

  /** Sets the status; the first publish also stamps published_at. */
  void setStatus(String id, Survey.Status status) {
    jdbc.update(
        "UPDATE surveys SET status = ?, updated_at = now(),"
            + " published_at = CASE WHEN ? = 'PUBLISHED' THEN coalesce(published_at, now()) ELSE published_at END WHERE id = ?",
        status.name(), status.name(), id);
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

  void startEnrollment(String surveyId, int total) {
    jdbc.update(
        "INSERT INTO survey_enrollments (survey_id, status, total) VALUES (?, 'RUNNING', ?)"
            + " ON CONFLICT (survey_id) DO UPDATE SET status = 'RUNNING', total = EXCLUDED.total, done = 0, enrolled = 0,"
            + " error = NULL, started_at = now(), finished_at = NULL",
        surveyId, total);
  }

  void progress(String surveyId, int done, int enrolled) {
    jdbc.update("UPDATE survey_enrollments SET done = done + ?, enrolled = enrolled + ? WHERE survey_id = ?", done, enrolled, surveyId);
  }

  void finishEnrollment(String surveyId, String error) {
    jdbc.update(
        "UPDATE survey_enrollments SET status = ?, error = ?, finished_at = now() WHERE survey_id = ?",
        error == null ? "DONE" : "FAILED", error, surveyId);
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
          rs.getTimestamp("updated_at").toInstant());
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
