package dev.pulse.surveys;

import dev.pulse.surveys.facts.Audience;
import dev.pulse.surveys.facts.DeliveryChannel;
import dev.pulse.rules.facts.FilterGroup;
import dev.pulse.surveys.facts.SurveyType;
import dev.pulse.surveys.SurveyInput.ThankYou;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A survey definition's effective values: what it says, or the defaults where it says nothing. */
final class Surveys {

  static final int DEFAULT_WINDOW_DAYS = 7;
  static final int DEFAULT_REMINDER_DAYS = 3;

  private Surveys() {}

  static Duration delay(SurveyInput s) {
    if (s.delay() == null || s.delay().amount() == 0) {
      return Duration.ZERO;
    }
    return s.delay().unit() == SurveyInput.DelayUnit.HOURS ? Duration.ofHours(s.delay().amount()) : Duration.ofDays(s.delay().amount());
  }

  static int windowDays(SurveyInput s) {
    return s.responseWindow() == null ? DEFAULT_WINDOW_DAYS : s.responseWindow().days();
  }

  /**
   * When the one reminder goes, after the survey was sent: the survey's {@code reminderAfterDays}
   * if set, else half the window but at most {@value #DEFAULT_REMINDER_DAYS} days; never within the
   * first hour after the survey and never within the last hour of the window (a one-day window
   * reminds after 12 hours, not at once).
   */
  static Duration reminderAfter(SurveyInput s) {
    Duration window = window(s);
    Integer asked = s.responseWindow() == null ? null : s.responseWindow().reminderAfterDays();
    Duration wanted = asked != null ? Duration.ofDays(asked) : min(Duration.ofDays(DEFAULT_REMINDER_DAYS), window.dividedBy(2));
    Duration earliest = Duration.ofHours(1);
    Duration latest = window.minusHours(1);
    return wanted.compareTo(earliest) < 0 ? earliest : wanted.compareTo(latest) > 0 ? latest : wanted;
  }

  /** The response window as a duration. */
  static Duration window(SurveyInput s) {
    return Duration.ofDays(windowDays(s));
  }

  /** From the reminder to the end of the window. */
  static Duration afterReminder(SurveyInput s) {
    return window(s).minus(reminderAfter(s));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static String language(SurveyInput s) {
    return s.language() == null ? "en" : s.language();
  }

  /**
   * The survey's own follow-up process for a bucket, or null: then the lifecycle's branch for the
   * bucket calls its default (follow-up-unhappy, -neutral, -happy), as its diagram says.
   */
  static String followUpOverride(SurveyInput s, String bucket) {
    SurveyInput.Automation a = s.automation();
    return a == null
        ? null
        : switch (bucket) {
          case "UNHAPPY" -> a.unhappy();
          case "NEUTRAL" -> a.neutral();
          default -> a.happy();
        };
  }

  static String followUpQuestion(SurveyInput s, String bucket) {
    SurveyInput.PerBucket q = s.followUpQuestion();
    String chosen =
        q == null
            ? null
            : switch (bucket) {
              case "UNHAPPY" -> q.unhappy();
              case "NEUTRAL" -> q.neutral();
              default -> q.happy();
            };
    if (chosen != null) {
      return chosen;
    }
    return SurveyTexts.get(language(s), "followUp." + ("UNHAPPY".equals(bucket) || "NEUTRAL".equals(bucket) ? bucket : "HAPPY"));
  }

  static ThankYou thankYou(SurveyInput s, String bucket) {
    SurveyInput.ThankYous t = s.thankYou();
    ThankYou chosen =
        t == null
            ? null
            : switch (bucket) {
              case "UNHAPPY" -> t.unhappy();
              case "NEUTRAL" -> t.neutral();
              default -> t.happy();
            };
    return chosen != null ? chosen : new ThankYou(SurveyTexts.get(language(s), "thankYou.heading"), SurveyTexts.get(language(s), "thankYou.body"));
  }

  static String question(SurveyInput s) {
    if (s.email() != null && s.email().question() != null) {
      return s.email().question();
    }
    return SurveyTexts.get(language(s), "question." + s.type().name());
  }

  /** Days after any survey during which a contact is not sent this one; 30 unless the survey says (0: none). */
  static int cooldownDays(SurveyInput s) {
    return s.options() == null || s.options().cooldownDays() == null ? Audience.DEFAULT_COOLDOWN_DAYS : s.options().cooldownDays();
  }

  static boolean resendToResponders(SurveyInput s) {
    return s.options() != null && Boolean.TRUE.equals(s.options().resendToResponders());
  }

  static boolean includeExisting(SurveyInput s) {
    return s.options() == null || s.options().includeExistingContacts() == null || s.options().includeExistingContacts();
  }

  /** The survey as the recipients rules see it. */
  static Audience audience(String surveyId, SurveyInput s) {
    Audience audience = new Audience();
    audience.setSurveyId(surveyId);
    audience.setSurveyType(SurveyType.of(s.type().name()));
    audience.setChannel(DeliveryChannel.of(s.delivery().name()));
    List<FilterGroup> groups = new ArrayList<>();
    if (s.recipients() != null && s.recipients().filterGroups() != null) {
      for (SurveyInput.FilterGroupInput g : s.recipients().filterGroups()) {
        groups.add(g.toFact(groups.size()));
      }
    }
    audience.setFilterGroups(groups);
    audience.setListIds(s.recipients() == null || s.recipients().listIds() == null ? List.of() : s.recipients().listIds());
    audience.setIncludeExisting(includeExisting(s));
    audience.setResendToResponders(resendToResponders(s));
    audience.setCooldownDays(cooldownDays(s));
    return audience;
  }
}
