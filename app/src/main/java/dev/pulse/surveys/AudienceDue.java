package dev.pulse.surveys;

import dev.pulse.rules.facts.Filter;
import dev.pulse.rules.facts.Now;
import dev.pulse.rules.facts.Recipient;
import dev.pulse.surveys.facts.SendHistory;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The due-time index ({@code audience_due}): for each (survey, contact) that is not getting the
 * survey now, the next moment at which time alone may change that, and why.
 *
 * <p>How the moment is found without knowing the rules: an evaluation's {@link Now} remembers the
 * day counts the rules compared dates against ("more than 30 days ago", "in the last 7 days", a
 * 30-day cooldown). Every date the decision saw (the contact's, its company's, deals' and tickets'
 * date properties, the dates of its past surveys) plus one of those counts is a moment at which a
 * comparison can flip; the earliest one still ahead is stored. At that moment the contact is
 * decided again for that survey alone; if it still does not get it, the next moment is stored.
 * So nothing re-evaluates every contact against every survey on a timer.
 */
@Component
class AudienceDue {

  /** When a due row is taken, it is pushed this far ahead, so a crash mid-way retries it then. */
  static final Duration CLAIM = Duration.ofMinutes(10);

  record Due(String surveyId, String contactId, String why) {}

  record Moment(Instant at, String why) {}

  private final JdbcTemplate jdbc;

  AudienceDue(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The earliest moment after now at which a date the decision saw crosses a threshold the rules asked about; null if none. */
  static Moment next(List<Object> facts) {
    Now now = null;
    Recipient recipient = null;
    for (Object fact : facts) {
      if (fact instanceof Now n) {
        now = n;
      } else if (fact instanceof Recipient r) {
        recipient = r;
      }
    }
    if (now == null || recipient == null) {
      return null;
    }
    Set<Integer> days = new TreeSet<>(now.askedDays());
    days.add(0);
    Moment[] best = {null};
    Instant at = now.getTime();
    java.util.function.BiConsumer<String, Object> consider = (label, value) -> {
      Instant date = Filter.dateOrNull(value);
      if (date == null) {
        return;
      }
      for (int d : days) {
        Instant t = date.plus(Duration.ofDays(d));
        if (t.isAfter(at) && (best[0] == null || t.isBefore(best[0].at()))) {
          best[0] = new Moment(t, label + (d == 0 ? " is reached" : " + " + d + " days is reached"));
        }
      }
    };
    consider.accept("contact.becameCustomerAt", recipient.getBecameCustomerAt());
    recipient.getContact().forEach((k, v) -> consider.accept("contact." + k, v));
    recipient.getCompany().forEach((k, v) -> consider.accept("company." + k, v));
    for (Map<String, Object> deal : recipient.getDeals()) {
      deal.forEach((k, v) -> consider.accept("deal '" + deal.get("id") + "'." + k, v));
    }
    for (Map<String, Object> ticket : recipient.getTickets()) {
      ticket.forEach((k, v) -> consider.accept("ticket '" + ticket.get("id") + "'." + k, v));
    }
    for (Object fact : facts) {
      if (fact instanceof SendHistory h && h.getSentAt() != null) {
        consider.accept("the survey sent " + h.getSentAt(), h.getSentAt());
      }
    }
    return best[0];
  }

  /** Stores the next moment for (survey, contact), or forgets the pair when there is none. */
  void schedule(String surveyId, String contactId, Moment moment) {
    if (moment == null) {
      clear(surveyId, contactId);
      return;
    }
    jdbc.update(
        "INSERT INTO audience_due (survey_id, contact_id, due_at, why) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (survey_id, contact_id) DO UPDATE SET due_at = EXCLUDED.due_at, why = EXCLUDED.why",
        surveyId, contactId, Timestamp.from(moment.at()), moment.why());
  }

  void clear(String surveyId, String contactId) {
    jdbc.update("DELETE FROM audience_due WHERE survey_id = ? AND contact_id = ?", surveyId, contactId);
  }

  /** Takes up to {@code limit} due rows (pushing them {@link #CLAIM} ahead), oldest first; replicas never take the same row. */
  List<Due> claim(int limit) {
    return jdbc.query(
        "UPDATE audience_due a SET due_at = now() + make_interval(secs => ?) FROM ("
            + " SELECT survey_id, contact_id FROM audience_due WHERE due_at <= now() ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) d"
            + " WHERE a.survey_id = d.survey_id AND a.contact_id = d.contact_id RETURNING a.survey_id, a.contact_id, a.why",
        (rs, i) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3)),
        (double) CLAIM.toSeconds(), limit);
  }

  /** The next due moment of (survey, contact), for the API. */
  java.util.Optional<Moment> of(String surveyId, String contactId) {
    return jdbc.query("SELECT due_at, why FROM audience_due WHERE survey_id = ? AND contact_id = ?",
            (rs, i) -> new Moment(rs.getTimestamp(1).toInstant(), rs.getString(2)), surveyId, contactId)
        .stream().findFirst();
  }
}
