package dev.pulse.conversations;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Business hours: weekly periods per day (several a day), holidays, in a time zone; or always
 * open. Adds working time to an instant (SLA due times) and says when it opens next.
 */
final class BusinessCalendar {

  static final BusinessCalendar ALWAYS_OPEN = new BusinessCalendar(ZoneId.of("UTC"), true, Map.of(), Set.of());

  private record Span(LocalTime from, LocalTime to) {}

  private final ZoneId zone;
  private final boolean alwaysOpen;
  private final Map<DayOfWeek, List<Span>> weekly;
  private final Set<LocalDate> holidays;

  private BusinessCalendar(ZoneId zone, boolean alwaysOpen, Map<DayOfWeek, List<Span>> weekly, Set<LocalDate> holidays) {
    this.zone = zone;
    this.alwaysOpen = alwaysOpen;
    this.weekly = weekly;
    this.holidays = holidays;
  }

  /** Builds a calendar, or throws IllegalArgumentException naming the field that is wrong. */
  static BusinessCalendar of(InboxModel.Calendar c) {
    ZoneId zone;
    try {
      zone = ZoneId.of(c.timeZone());
    } catch (Exception e) {
      throw new IllegalArgumentException("timeZone|'" + c.timeZone() + "' is not a time zone such as Europe/Berlin");
    }
    Map<DayOfWeek, List<Span>> weekly = new java.util.EnumMap<>(DayOfWeek.class);
    if (c.weekly() != null) {
      for (Map.Entry<String, List<InboxModel.Period>> day : c.weekly().entrySet()) {
        DayOfWeek dow;
        try {
          dow = DayOfWeek.valueOf(day.getKey().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("weekly." + day.getKey() + "|is not a day of the week (MONDAY ... SUNDAY)");
        }
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < day.getValue().size(); i++) {
          InboxModel.Period p = day.getValue().get(i);
          LocalTime from = LocalTime.parse(p.from());
          LocalTime to = p.to().equals("24:00") ? LocalTime.MAX : LocalTime.parse(p.to());
          if (!from.isBefore(to)) {
            throw new IllegalArgumentException("weekly." + day.getKey() + "[" + i + "]|ends (" + p.to() + ") before it starts (" + p.from() + ")");
          }
          for (Span other : spans) {
            if (from.isBefore(other.to()) && other.from().isBefore(to)) {
              throw new IllegalArgumentException("weekly." + day.getKey() + "[" + i + "]|overlaps another period of that day");
            }
          }
          spans.add(new Span(from, to));
        }
        spans.sort(java.util.Comparator.comparing(Span::from));
        weekly.put(dow, spans);
      }
    }
    boolean open = Boolean.TRUE.equals(c.alwaysOpen());
    if (!open && weekly.values().stream().allMatch(List::isEmpty)) {
      throw new IllegalArgumentException("weekly|needs at least one period, or set alwaysOpen");
    }
    Set<LocalDate> holidays = c.holidays() == null ? Set.of() : c.holidays().stream().map(LocalDate::parse).collect(Collectors.toSet());
    return new BusinessCalendar(zone, open, weekly, holidays);
  }

  boolean isOpen(Instant at) {
    if (alwaysOpen) {
      return true;
    }
    ZonedDateTime t = at.atZone(zone);
    if (holidays.contains(t.toLocalDate())) {
      return false;
    }
    for (Span s : weekly.getOrDefault(t.getDayOfWeek(), List.of())) {
      if (!t.toLocalTime().isBefore(s.from()) && t.toLocalTime().isBefore(s.to())) {
        return true;
      }
    }
    return false;
  }

  /** The instant {@code work} of open time after {@code start} (SLA due times count open hours only). */
  Instant addBusinessTime(Instant start, Duration work) {
    if (alwaysOpen) {
      return start.plus(work);
    }
    Duration left = work;
    ZonedDateTime cursor = start.atZone(zone);
    for (int day = 0; day < 400; day++) {
      LocalDate date = cursor.toLocalDate();
      if (!holidays.contains(date)) {
        for (Span s : weekly.getOrDefault(date.getDayOfWeek(), List.of())) {
          ZonedDateTime from = date.atTime(s.from()).atZone(zone);
          ZonedDateTime to = s.to() == LocalTime.MAX ? date.plusDays(1).atStartOfDay(zone) : date.atTime(s.to()).atZone(zone);
          if (!to.isAfter(cursor)) {
            continue;
          }
          ZonedDateTime begin = from.isAfter(cursor) ? from : cursor;
          Duration available = Duration.between(begin, to);
          if (available.compareTo(left) >= 0) {
            return begin.plus(left).toInstant();
          }
          left = left.minus(available);
          cursor = to;
        }
      }
      cursor = date.plusDays(1).atStartOfDay(zone);
    }
    throw new IllegalStateException("the calendar has no open hours within a year");
  }

  /** When it opens next, at or after {@code at}. */
  Instant nextOpening(Instant at) {
    return isOpen(at) ? at : addBusinessTime(at, Duration.ofNanos(1)).minusNanos(1);
  }

  ZoneId zone() {
    return zone;
  }
}
