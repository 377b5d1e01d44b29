package dev.pulse.monitoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Embedded mode's monitoring source: reads the {@code monitor_*} tables that {@link
 * EngineProjection} fills from the engine's record stream.
 */
@Repository
class ProjectionSource implements MonitoringSource {

  /** Sortable columns by their API names. */
  private static final Map<String, String> COLUMNS = Map.of("startedAt", "started_at", "endedAt", "ended_at", "key", "key", "processId", "process_id");

  private final JdbcTemplate jdbc;

  private final EngineProjection projector;

  ProjectionSource(JdbcTemplate jdbc, org.springframework.beans.factory.ObjectProvider<EngineProjection> projector) {
    this.jdbc = jdbc;
    this.projector = projector.getIfAvailable(() -> EngineProjection.NONE);
  }

  @Override
  public String name() {
    return "projection";
  }

  @Override
  public long changes() {
    return projector.batchesProjected();
  }

  @Override
  public boolean awaitChange(long seen, long nanos) throws InterruptedException {
    return projector.awaitBatchAfter(seen, nanos);
  }

  private static final String INSTANCE_COLUMNS =
      "i.*, (SELECT count(*) FROM monitor_incidents n WHERE n.instance_key = i.key AND n.state = 'ACTIVE') AS open_incidents";

  @Override
  public List<String> processIds() {
    return jdbc.queryForList("SELECT process_id FROM monitor_processes UNION SELECT process_id FROM monitor_instances ORDER BY 1", String.class);
  }

  @Override
  public long openIncidents(String processId) {
    return jdbc.queryForObject("SELECT count(*) FROM monitor_incidents WHERE process_id = ? AND state = 'ACTIVE'", Long.class, processId);
  }

  @Override
  public Page<Instance> search(Filter f, int page, int size, String sort, boolean descending) {
    String sortColumn = COLUMNS.get(sort);
    StringBuilder where = new StringBuilder(" WHERE true");
    List<Object> args = new ArrayList<>();
    condition(where, args, "i.process_id = ?", f.processId());
    condition(where, args, "i.version = ?", f.version());
    condition(where, args, "i.state = ?", f.state() == null ? null : f.state().name());
    condition(where, args, "i.survey_id = ?", f.surveyId());
    condition(where, args, "i.contact_id = ?", f.contactId());
    condition(where, args, "i.conversation_id = ?", f.conversationId());
    condition(where, args, "i.delivery_id = ?", f.deliveryId());
    condition(where, args, "i.started_at >= ?", f.startedAfter() == null ? null : Timestamp.from(f.startedAfter()));
    condition(where, args, "i.started_at < ?", f.startedBefore() == null ? null : Timestamp.from(f.startedBefore()));
    if (f.withIncident() != null) {
      where.append(f.withIncident() ? " AND" : " AND NOT").append(" EXISTS (SELECT 1 FROM monitor_incidents n WHERE n.instance_key = i.key AND n.state = 'ACTIVE')");
    }
    long total = jdbc.queryForObject("SELECT count(*) FROM monitor_instances i" + where, Long.class, args.toArray());
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(size);
    pageArgs.add((long) page * size);
    List<Instance> items = jdbc.query(
        "SELECT " + INSTANCE_COLUMNS + " FROM monitor_instances i" + where + " ORDER BY i." + sortColumn + (descending ? " DESC NULLS LAST" : " ASC NULLS LAST")
            + ", i.key LIMIT ? OFFSET ?",
        ProjectionSource::instance, pageArgs.toArray());
    return new Page<>(items, total, page, size);
  }

  @Override
  public Optional<Instance> instance(long key) {
    return jdbc.query("SELECT " + INSTANCE_COLUMNS + " FROM monitor_instances i WHERE i.key = ?", ProjectionSource::instance, key).stream().findFirst();
  }

  @Override
  public List<Element> elements(long instanceKey) {
    return jdbc.query(
        "SELECT * FROM monitor_elements WHERE instance_key = ? AND element_type <> 'PROCESS' ORDER BY started_at NULLS FIRST, key",
        (rs, i) -> new Element(rs.getLong("key"), rs.getString("element_id"), rs.getString("element_type"), rs.getString("state"), instant(rs, "started_at"),
            instant(rs, "ended_at")),
        instanceKey);
  }

  @Override
  public List<Incident> incidents(long instanceKey) {
    return jdbc.query("SELECT * FROM monitor_incidents WHERE instance_key = ? ORDER BY created_at, key", ProjectionSource::incident, instanceKey);
  }

  @Override
  public List<Incident> incidents(String state, String processId, int limit) {
    StringBuilder where = new StringBuilder(" WHERE true");
    List<Object> args = new ArrayList<>();
    condition(where, args, "state = ?", state);
    condition(where, args, "process_id = ?", processId);
    args.add(limit);
    return jdbc.query("SELECT * FROM monitor_incidents" + where + " ORDER BY created_at DESC, key DESC LIMIT ?", ProjectionSource::incident, args.toArray());
  }

  @Override
  public Optional<Incident> incident(long key) {
    return jdbc.query("SELECT * FROM monitor_incidents WHERE key = ?", ProjectionSource::incident, key).stream().findFirst();
  }

  @Override
  public List<Variable> variables(long instanceKey) {
    return jdbc.query(
        "SELECT * FROM monitor_variables WHERE instance_key = ? ORDER BY scope_key, name",
        (rs, i) -> new Variable(rs.getString("name"), rs.getLong("scope_key"), rs.getString("value"), instant(rs, "updated_at")), instanceKey);
  }

  @Override
  public List<ElementStatistics> statistics(String processId, Integer version) {
    String versionFilter = version == null ? "" : " AND version = " + version;
    Map<String, long[]> counts = new LinkedHashMap<>();
    jdbc.query(
        "SELECT element_id, count(*) FILTER (WHERE state = 'ACTIVE'), count(*) FILTER (WHERE state = 'COMPLETED'), count(*) FILTER (WHERE state = 'TERMINATED')"
            + " FROM monitor_elements WHERE process_id = ? AND element_type <> 'PROCESS'" + versionFilter + " GROUP BY element_id ORDER BY element_id",
        rs -> {
          counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), 0});
        },
        processId);
    String incidentVersion = version == null ? "" : " AND e.version = " + version;
    jdbc.query(
        "SELECT n.element_id, count(*) FROM monitor_incidents n JOIN monitor_elements e ON e.key = n.element_instance_key"
            + " WHERE n.process_id = ? AND n.state = 'ACTIVE'" + incidentVersion + " GROUP BY n.element_id",
        rs -> {
          counts.computeIfAbsent(rs.getString(1), id -> new long[4])[3] = rs.getLong(2);
        },
        processId);
    return counts.entrySet().stream().map(e -> new ElementStatistics(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3])).toList();
  }

  private static void condition(StringBuilder where, List<Object> args, String sql, Object value) {
    if (value != null) {
      where.append(" AND ").append(sql);
      args.add(value);
    }
  }

  private static Instance instance(ResultSet rs, int row) throws SQLException {
    return new Instance(rs.getLong("key"), rs.getString("process_id"), rs.getInt("version"), State.valueOf(rs.getString("state")),
        rs.getObject("parent_key", Long.class), rs.getInt("open_incidents"), rs.getString("delivery_id"), rs.getString("survey_id"), rs.getString("contact_id"),
        rs.getString("conversation_id"), instant(rs, "started_at"), instant(rs, "ended_at"));
  }

  private static Incident incident(ResultSet rs, int row) throws SQLException {
    return new Incident(rs.getLong("key"), rs.getLong("instance_key"), rs.getObject("element_instance_key", Long.class), rs.getString("element_id"),
        rs.getString("process_id"), rs.getObject("job_key", Long.class), rs.getString("error_type"), rs.getString("error_message"), rs.getString("state"),
        instant(rs, "created_at"), instant(rs, "resolved_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
