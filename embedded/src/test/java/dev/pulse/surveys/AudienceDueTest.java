package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.rules.facts.Now;
import dev.pulse.rules.facts.Recipient;
import dev.pulse.surveys.facts.SendHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The next moment time alone may change a decision: a date the decision saw plus a day count the rules asked about. */
class AudienceDueTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @Test
  void theEarliestDatePlusAnAskedDayCountStillAheadIsNext() {
    Now now = new Now(NOW);
    now.daysAgo(30); // what "became a customer more than 30 days ago" and a 30-day cooldown ask
    Recipient r = new Recipient("c1");
    r.setBecameCustomerAt(NOW.minus(Duration.ofDays(29)));
    r.getContact().put("signedAt", "2026-05-20"); // + 30 days = 2026-06-19, later
    r.getContact().put("score", 1780000000000L); // a number is never taken for a date
    r.getContact().put("note", "2026 was a good year");
    r.setDeals(List.of(Map.of("id", "d1", "closedAt", NOW.minus(Duration.ofDays(90)))));
    SendHistory sent = new SendHistory("c1", "other", NOW.minus(Duration.ofDays(5)), null);

    AudienceDue.Moment next = AudienceDue.next(List.of(now, r, sent));

    assertThat(next.at()).isEqualTo(NOW.plus(Duration.ofDays(1)));
    assertThat(next.why()).isEqualTo("contact.becameCustomerAt + 30 days is reached");
  }

  @Test
  void aCooldownEndingFirstIsNextAndNothingAheadMeansNoMoment() {
    Now now = new Now(NOW);
    now.daysAgo(7);
    Recipient r = new Recipient("c1");
    SendHistory sent = new SendHistory("c1", "other", NOW.minus(Duration.ofDays(5)), null);
    assertThat(AudienceDue.next(List.of(now, r, sent)).at()).isEqualTo(NOW.plus(Duration.ofDays(2)));

    Now later = new Now(NOW);
    later.daysAgo(7);
    Recipient old = new Recipient("c2");
    old.setBecameCustomerAt(NOW.minus(Duration.ofDays(400)));
    assertThat(AudienceDue.next(List.of(later, old))).as("every threshold already behind").isNull();
  }

  @Test
  void aDateInTheFutureIsAMomentOfItsOwn() {
    Now now = new Now(NOW);
    Recipient r = new Recipient("c1");
    r.setTickets(List.of(Map.of("id", "t1", "followUpAt", "2026-06-03T10:00:00Z")));
    AudienceDue.Moment next = AudienceDue.next(List.of(now, r));
    assertThat(next.at()).isEqualTo(Instant.parse("2026-06-03T10:00:00Z"));
    assertThat(next.why()).isEqualTo("ticket 't1'.followUpAt is reached");
  }
}
