package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When the one reminder goes: half the window (at most three days) unless the survey says, never
 * within the first hour after the survey, never within the window's last hour. A one-day window
 * used to remind two seconds after the survey.
 */
class ReminderTimingTest {

  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

  @ParameterizedTest(name = "window {0} days, reminder asked after {1} days: reminds after {2}, expires {3} later")
  @CsvSource(nullValues = "-", value = {
    "-, -, PT72H, PT96H",   // the default window (7 days): three days, as before
    "1, -, PT12H, PT12H",   // a one-day window: half-way, not at once
    "2, -, PT24H, PT24H",
    "14, -, PT72H, PT264H",
    "1, 0, PT1H, PT23H",    // asked for at once: not within the first hour
    "3, 2, PT48H, PT24H",   // asked for: as asked
    "2, 5, PT47H, PT1H"     // asked for past the window: its last hour at the latest
  })
  void theReminderGoesAtASensiblePointOfTheWindow(Integer days, Integer reminderAfterDays, Duration reminder, Duration rest) throws Exception {
    String window = days == null ? "" : ",\"responseWindow\":{\"days\":" + days + (reminderAfterDays == null ? "" : ",\"reminderAfterDays\":" + reminderAfterDays) + "}";
    SurveyInput survey = json.readValue("{\"name\":\"Timing\",\"type\":\"CSAT\",\"delivery\":\"EMAIL\"" + window + "}", SurveyInput.class);
    assertThat(Surveys.reminderAfter(survey)).isEqualTo(reminder);
    assertThat(Surveys.afterReminder(survey)).isEqualTo(rest);
    assertThat(Surveys.reminderAfter(survey)).isGreaterThanOrEqualTo(Duration.ofHours(1));
  }
}
