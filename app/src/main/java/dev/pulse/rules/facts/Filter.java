package dev.pulse.rules.facts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * One condition on a property of the contact, company, deal or ticket: the operators of a CRM
 * filter editor. Text compares ignore case; numbers and dates are parsed from text when needed.
 */
public class Filter {

  public enum Operator {
    IS,
    IS_NOT,
    CONTAINS,
    DOES_NOT_CONTAIN,
    STARTS_WITH,
    ENDS_WITH,
    IS_KNOWN,
    IS_UNKNOWN,
    IS_ANY_OF,
    IS_NONE_OF,
    GREATER_THAN,
    LESS_THAN,
    BETWEEN,
    BEFORE,
    AFTER,
    IN_LAST_DAYS,
    MORE_THAN_DAYS_AGO
  }

  private String object = "contact";
  private String property;
  private Operator operator;
  private List<String> values = new ArrayList<>();

  public Filter() {}

  public Filter(String object, String property, Operator operator, List<String> values) {
    this.object = object;
    this.property = property;
    this.operator = operator;
    this.values = values == null ? new ArrayList<>() : values;
  }

  /**
   * True when the contact, its company, or any of its deals or tickets (whichever this filter is
   * on) satisfies the condition at {@code now}.
   */
  public boolean matches(Recipient recipient, Now now) {
    for (java.util.Map<String, Object> record : recipient.records(object)) {
      if (matches(recipient.property(object, record, property), now)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why the recipient fails this filter, in words: the condition and the value found ("contact
   * lifecyclestage IS [customer]: it is 'lead'"; for deals and tickets, the values of each).
   */
  public String whyNot(Recipient recipient) {
    List<java.util.Map<String, Object>> records = recipient.records(object);
    String condition = object + " " + property + " " + operator + (values.isEmpty() ? "" : " " + values);
    if (records.isEmpty()) {
      return condition + ": it has no " + object;
    }
    List<String> seen = records.stream().map(r -> recipient.property(object, r, property)).map(Filter::shown).distinct().limit(3).toList();
    boolean one = "contact".equals(object) || "company".equals(object);
    return condition + ": " + (one ? "it is " + seen.get(0) : "its " + object + "s have " + String.join(", ", seen) + (records.size() > 3 ? ", ..." : ""));
  }

  private static String shown(Object value) {
    if (!known(value)) {
      return "unknown";
    }
    String text = String.valueOf(value);
    return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
  }

  private boolean matches(Object actual, Now now) {
    return switch (operator) {
      case IS_KNOWN -> known(actual);
      case IS_UNKNOWN -> !known(actual);
      case IS, IS_ANY_OF -> known(actual) && anyEquals(actual);
      case IS_NOT, IS_NONE_OF -> !known(actual) || !anyEquals(actual);
      case CONTAINS -> known(actual) && anyText(actual, (a, v) -> a.contains(v));
      case DOES_NOT_CONTAIN -> !known(actual) || !anyText(actual, (a, v) -> a.contains(v));
      case STARTS_WITH -> known(actual) && anyText(actual, (a, v) -> a.startsWith(v));
      case ENDS_WITH -> known(actual) && anyText(actual, (a, v) -> a.endsWith(v));
      case GREATER_THAN -> compareNumber(actual, 0) > 0;
      case LESS_THAN -> compareNumber(actual, 0) < 0;
      case BETWEEN -> between(actual);
      case BEFORE -> known(actual) && instant(actual).isBefore(instant(value(0)));
      case AFTER -> known(actual) && instant(actual).isAfter(instant(value(0)));
      case IN_LAST_DAYS -> known(actual) && !instant(actual).isBefore(now.daysAgo(days())) && !instant(actual).isAfter(now.getTime());
      case MORE_THAN_DAYS_AGO -> known(actual) && instant(actual).isBefore(now.daysAgo(days()));
    };
  }

  private static boolean known(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof String s) {
      return !s.isBlank();
    }
    if (value instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    return true;
  }

  private boolean anyEquals(Object actual) {
    if (actual instanceof Collection<?> many) {
      for (Object one : many) {
        if (anyEquals(one)) {
          return true;
        }
      }
      return false;
    }
    String text = text(actual);
    for (String v : values) {
      if (text.equals(v.toLowerCase(Locale.ROOT))) {
        return true;
      }
      if (actual instanceof Number && isNumber(v) && number(actual).compareTo(new BigDecimal(v.trim())) == 0) {
        return true;
      }
    }
    return false;
  }

  private interface TextTest {
    boolean test(String actual, String value);
  }

  private boolean anyText(Object actual, TextTest test) {
    String text = text(actual);
    for (String v : values) {
      if (test.test(text, v.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private int compareNumber(Object actual, int index) {
    if (!known(actual) || !isNumber(String.valueOf(actual)) || !isNumber(value(index))) {
      return 0; // unknown or not a number: neither greater nor less
    }
    return number(actual).compareTo(new BigDecimal(value(index).trim()));
  }

  private boolean between(Object actual) {
    if (!known(actual)) {
      return false;
    }
    if (isNumber(String.valueOf(actual)) && isNumber(value(0)) && isNumber(value(1))) {
      BigDecimal n = number(actual);
      return n.compareTo(new BigDecimal(value(0).trim())) >= 0 && n.compareTo(new BigDecimal(value(1).trim())) <= 0;
    }
    Instant at = instant(actual);
    return !at.isBefore(instant(value(0))) && !at.isAfter(instant(value(1)));
  }

  private int days() {
    return Integer.parseInt(value(0).trim());
  }

  private String value(int index) {
    if (values.size() <= index) {
      throw new IllegalArgumentException(
          "filter " + object + "." + property + " " + operator + " needs " + (index + 1) + " value(s), has " + values.size());
    }
    return values.get(index);
  }

  private static String text(Object value) {
    return String.valueOf(value).toLowerCase(Locale.ROOT);
  }

  private static boolean isNumber(String s) {
    if (s == null) {
      return false;
    }
    try {
      new BigDecimal(s.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static BigDecimal number(Object value) {
    return value instanceof BigDecimal b ? b : new BigDecimal(String.valueOf(value).trim());
  }

  /**
   * What is wrong with a filter's values for its operator, or null: a date for BEFORE and AFTER
   * (an ISO date such as {@code 2026-12-31}, a date-time such as {@code 2026-12-31T08:00:00Z}, or
   * epoch milliseconds), numbers for GREATER_THAN and LESS_THAN, two numbers or two dates for
   * BETWEEN. Checked when a survey or chatflow is saved, so evaluation never meets them.
   */
  public static String valueProblem(Operator operator, List<String> values) {
    if (values == null) {
      return null;
    }
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i) == null ? "" : values.get(i).trim();
      boolean date = isDate(v);
      boolean number = isNumber(v);
      switch (operator) {
        case BEFORE, AFTER -> {
          if (!date) {
            return "values[" + i + "] '" + v + "' is not a date: give an ISO date (2026-12-31), a date-time (2026-12-31T08:00:00Z)"
                + " or epoch milliseconds; for a moment relative to now use IN_LAST_DAYS or MORE_THAN_DAYS_AGO";
          }
        }
        case GREATER_THAN, LESS_THAN -> {
          if (!number) {
            return "values[" + i + "] '" + v + "' is not a number";
          }
        }
        case BETWEEN -> {
          if (!number && !date) {
            return "values[" + i + "] '" + v + "' is neither a number nor a date";
          }
        }
        default -> { }
      }
    }
    if (operator == Operator.BETWEEN && values.size() == 2 && isNumber(values.get(0)) != isNumber(values.get(1))) {
      return "BETWEEN takes two numbers or two dates, not one of each";
    }
    return null;
  }

  private static boolean isDate(String s) {
    try {
      instant(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The moment a record value stands for, or null when it is not a date: instants, dates and ISO
   * text (2026-12-31, 2026-12-31T08:00:00Z). Numbers are not taken for dates here.
   */
  public static Instant dateOrNull(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return null;
    }
    if (value instanceof String s && !s.trim().matches("\\d{4}-\\d{2}-\\d{2}([T ].*)?")) {
      return null;
    }
    try {
      return instant(value instanceof java.util.Date d ? d.toInstant() : value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Instants, dates, ISO text (date or date-time) and epoch milliseconds, all as UTC instants. */
  static Instant instant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof LocalDate d) {
      return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof Number n) {
      return Instant.ofEpochMilli(n.longValue());
    }
    String s = String.valueOf(value).trim();
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        try {
          return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("'" + s + "' is not a date", e);
        }
      }
    }
  }

  public String getObject() {
    return object;
  }

  public void setObject(String object) {
    this.object = object;
  }

  public String getProperty() {
    return property;
  }

  public void setProperty(String property) {
    this.property = property;
  }

  public Operator getOperator() {
    return operator;
  }

  public void setOperator(Operator operator) {
    this.operator = operator;
  }

  public List<String> getValues() {
    return values;
  }

  public void setValues(List<String> values) {
    this.values = values == null ? new ArrayList<>() : values;
  }

  @Override
  public String toString() {
    return object + "." + property + " " + operator + " " + values;
  }
}
