package dev.pulse.conversations;

import dev.pulse.processes.ProcessService;
import dev.pulse.processes.Resumable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Resumes open conversations whose {@code conversation} instance is gone: an assigned one waits
 * for its close again (the first-response SLA still counted from its opening); a new or queued
 * one is routed again.
 */
@Component
class ConversationReconciler implements Resumable {

  private final JdbcTemplate jdbc;
  private final InboxRepository inboxes;
  private final ProcessService processes;

  private final ConversationService conversations;

  ConversationReconciler(JdbcTemplate jdbc, InboxRepository inboxes, ProcessService processes, ConversationService conversations) {
    this.conversations = conversations;
    this.jdbc = jdbc;
    this.inboxes = inboxes;
    this.processes = processes;
  }

  @Override
  public List<Resumed> resume(LongPredicate alive) {
    List<Resumed> resumed = new ArrayList<>();
    for (Map<String, Object> c : jdbc.queryForList(
        "SELECT id, inbox_id, status, process_instance_key, opened_at, first_response_at FROM conversations WHERE status <> 'CLOSED' ORDER BY opened_at")) {
      Long key = (Long) c.get("process_instance_key");
      if (key != null && alive.test(key)) {
        continue;
      }
      String id = (String) c.get("id");
      if (jdbc.update("UPDATE conversations SET process_instance_key = NULL WHERE id = ? AND process_instance_key IS NOT DISTINCT FROM ?", id, key) != 1) {
        continue;
      }
      InboxModel.Inbox inbox = inboxes.inbox((String) c.get("inbox_id")).orElse(null);
      Map<String, Object> v = new LinkedHashMap<>();
      v.put(ConversationProcess.VARIABLE_CONVERSATION_ID, id);
      v.put(ConversationProcess.VARIABLE_INBOX_ID, c.get("inbox_id"));
      v.put(ConversationProcess.VARIABLE_CHAT_SURVEY_ID, conversations.chatSurveyFor(id, inbox));
      String element;
      if ("ASSIGNED".equals(c.get("status"))) {
        Instant opened = ((Timestamp) c.get("opened_at")).toInstant();
        java.time.Duration first = inbox != null && inbox.sla() != null && inbox.sla().firstResponse() != null ? inbox.sla().firstResponse() : ConversationWorkers.DEFAULT_FIRST_RESPONSE;
        v.put(ConversationProcess.VARIABLE_FIRST_RESPONSE_DUE, opened.plus(first).toString());
        element = ConversationProcess.TASK_AWAIT_CLOSE;
      } else {
        element = ConversationProcess.TASK_ROUTE_CONVERSATION;
      }
      long newKey = processes.startBefore(ConversationProcess.ID, element, v);
      jdbc.update("UPDATE conversations SET process_instance_key = ? WHERE id = ?", newKey, id);
      resumed.add(new Resumed(ConversationProcess.ID, id, (String) c.get("status"), newKey, element));
    }
    return resumed;
  }

  @Override
  public void forgetInstances() {
    jdbc.update("UPDATE conversations SET process_instance_key = NULL WHERE process_instance_key IS NOT NULL");
  }
}
