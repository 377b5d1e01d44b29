package dev.pulse.platform.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pulse.platform.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The audit log of admin and analyst actions. The actor is the caller of the request that did it
 * (until accounts exist: "anonymous" and the client address), or "system" for what Pulse does by
 * itself (a watched file, a schedule).
 */
@Service
public class AuditLog {

  public record Entry(long id, Instant at, String actor, String action, String target, Map<String, Object> detail) {}

  private final JdbcTemplate jdbc;
  private final Json json;

  AuditLog(JdbcTemplate jdbc, Json json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public void record(String action, String target, Map<String, ?> detail) {
    jdbc.update("INSERT INTO audit_log (actor, action, target, detail) VALUES (?, ?, ?, ?::jsonb)",
        actor(), action, target, json.write(detail == null ? Map.of() : detail));
  }

  /** Who is acting: the request's caller, or "system" outside a request. */
  public static String actor() {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
      HttpServletRequest request = attributes.getRequest();
      java.security.Principal principal = request.getUserPrincipal();
      return principal != null ? principal.getName() : "anonymous (" + request.getRemoteAddr() + ")";
    }
    return "system";
  }

  public List<Entry> search(String action, String target, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE true");
    List<Object> args = new ArrayList<>();
    if (action != null) {
      sql.append(" AND action = ?");
      args.add(action);
    }
    if (target != null) {
      sql.append(" AND target = ?");
      args.add(target);
    }
    sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
    args.add(limit);
    return jdbc.query(sql.toString(), (rs, i) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
        rs.getString("action"), rs.getString("target"), json.read(rs.getString("detail"), new TypeReference<Map<String, Object>>() {})), args.toArray());
  }
}
