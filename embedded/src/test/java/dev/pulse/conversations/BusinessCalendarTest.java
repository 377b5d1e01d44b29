package dev.pulse.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Business hours as SLAs count them: split shifts, holidays, time zones and their DST days, 24x7. */
class BusinessCalendarTest {

  private static final List<InboxModel.Period> SPLIT_SHIFT = List.of(new InboxModel.Period("09:00", "12:00"), new InboxModel.Period("13:00", "17:00"));

  /** Monday to Friday 09-12 and 13-17 in Berlin; 2026-12-25 (a Friday) a holiday. */
  private static final BusinessCalendar BERLIN =
      BusinessCalendar.of(new InboxModel.Calendar("Europe/Berlin", false,
          Map.of("MONDAY", SPLIT_SHIFT, "TUESDAY", SPLIT_SHIFT, "WEDNESDAY", SPLIT_SHIFT, "THURSDAY", SPLIT_SHIFT, "FRIDAY", SPLIT_SHIFT),
          List.of("2026-12-25")));

  @Test
  void openDuringEitherPeriodOfADayClosedInTheGapAndOnHolidays() {
    assertThat(BERLIN.isOpen(Instant.parse("2026-12-21T08:30:00Z"))).as("Monday 09:30 Berlin").isTrue();
    assertThat(BERLIN.isOpen(Instant.parse("2026-12-21T11:30:00Z"))).as("Monday 12:30, lunch").isFalse();
    assertThat(BERLIN.isOpen(Instant.parse("2026-12-21T12:00:00Z"))).as("Monday 13:00").isTrue();
    assertThat(BERLIN.isOpen(Instant.parse("2026-12-25T09:00:00Z"))).as("Christmas Friday").isFalse();
    assertThat(BERLIN.isOpen(Instant.parse("2026-12-26T09:00:00Z"))).as("Saturday").isFalse();
  }

  @Test
  void businessTimeSkipsTheLunchGapTheNightAndTheHoliday() {
    // Monday 11:30 Berlin + 1 h = 30 min before lunch, 30 min after: 13:30
    assertThat(BERLIN.addBusinessTime(Instant.parse("2026-12-21T10:30:00Z"), Duration.ofHours(1))).isEqualTo(Instant.parse("2026-12-21T12:30:00Z"));
    // Thursday 16:30 + 1 h: 30 min on Thursday, Friday is a holiday, the weekend is closed: Monday 09:30
    assertThat(BERLIN.addBusinessTime(Instant.parse("2026-12-24T15:30:00Z"), Duration.ofHours(1))).isEqualTo(Instant.parse("2026-12-28T08:30:00Z"));
    // asked on a Saturday: the count starts at Monday's opening
    assertThat(BERLIN.nextOpening(Instant.parse("2026-12-26T12:00:00Z"))).isEqualTo(Instant.parse("2026-12-28T08:00:00Z"));
  }

  @Test
  void theWallClockHoursHoldAcrossTheChangeToSummerTime() {
    // Friday 2026-03-27 16:00 Berlin (CET, UTC+1) + 2 h: 1 h on Friday, 1 h from Monday 09:00 (CEST, UTC+2)
    assertThat(BERLIN.addBusinessTime(Instant.parse("2026-03-27T15:00:00Z"), Duration.ofHours(2))).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
  }

  @Test
  void alwaysOpenCountsEveryHour() {
    BusinessCalendar always = BusinessCalendar.of(new InboxModel.Calendar("UTC", true, null, null));
    Instant saturdayNight = Instant.parse("2026-12-26T23:00:00Z");
    assertThat(always.isOpen(saturdayNight)).isTrue();
    assertThat(always.addBusinessTime(saturdayNight, Duration.ofHours(3))).isEqualTo(Instant.parse("2026-12-27T02:00:00Z"));
  }

  @Test
  void aCalendarWithoutHoursOrWithOverlapsIsRefusedNamingTheField() {
    assertThatThrownBy(() -> BusinessCalendar.of(new InboxModel.Calendar("UTC", false, Map.of(), null))).hasMessageStartingWith("weekly|");
    assertThatThrownBy(() -> BusinessCalendar.of(new InboxModel.Calendar("UTC", false,
        Map.of("MONDAY", List.of(new InboxModel.Period("09:00", "12:00"), new InboxModel.Period("11:00", "13:00"))), null)))
        .hasMessageStartingWith("weekly.MONDAY[1]|").hasMessageContaining("overlaps");
  }
}
