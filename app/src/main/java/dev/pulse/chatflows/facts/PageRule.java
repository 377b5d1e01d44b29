package dev.pulse.chatflows.facts;

import dev.pulse.rules.facts.UrlPattern;
import dev.pulse.rules.facts.Visit;
import java.util.Locale;

/**
 * One page rule of a chatflow's targeting: on the URL, or on a query parameter when
 * {@code parameter} is set. Rules of one group must all hold (AND), any group will do (OR); an
 * exclusion rule hides the chatflow wherever it holds. URLs compare without scheme, query,
 * fragment or trailing slash and ignoring case; a value starting with {@code /} compares with the
 * page's path; MATCHES takes {@code *} wildcards.
 */
public class PageRule {

  public enum Operator { IS, IS_NOT, CONTAINS, DOES_NOT_CONTAIN, STARTS_WITH, ENDS_WITH, MATCHES }

  private String flowId;
  private int group;
  private boolean exclusion;
  private Operator operator;
  private String value;
  private String parameter;

  public PageRule() {}

  public PageRule(String flowId, int group, boolean exclusion, Operator operator, String value, String parameter) {
    this.flowId = flowId;
    this.group = group;
    this.exclusion = exclusion;
    this.operator = operator;
    this.value = value;
    this.parameter = parameter;
  }

  // the value as compared, worked out once per rule rather than once per page view
  private transient String expected;

  /** Whether this rule holds on the visited page. */
  public boolean holdsFor(Visit visit) {
    if (parameter != null) {
      String actual = visit.parameter(parameter);
      return compare(actual == null ? null : actual.toLowerCase(Locale.ROOT), expected());
    }
    String url = visit.strippedUrl();
    if (url == null) {
      return compare(null, value);
    }
    String actual = value.startsWith("/") ? path(url) : url;
    return compare(actual, expected());
  }

  private String expected() {
    if (expected == null) {
      boolean partial = operator == Operator.CONTAINS || operator == Operator.DOES_NOT_CONTAIN || operator == Operator.ENDS_WITH;
      if (parameter != null || partial) {
        expected = value.toLowerCase(Locale.ROOT);
      } else if (value.startsWith("/")) {
        expected = value.toLowerCase(Locale.ROOT).replaceAll("(.)/+$", "$1");
      } else {
        expected = UrlPattern.strip(value);
      }
    }
    return expected;
  }

  private boolean compare(String actual, String expected) {
    return switch (operator) {
      case IS -> expected.equals(actual);
      case IS_NOT -> !expected.equals(actual);
      case CONTAINS -> actual != null && actual.contains(expected);
      case DOES_NOT_CONTAIN -> actual == null || !actual.contains(expected);
      case STARTS_WITH -> actual != null && actual.startsWith(expected);
      case ENDS_WITH -> actual != null && actual.endsWith(expected);
      case MATCHES -> actual != null && UrlPattern.matches(expected, actual);
    };
  }

  /** The path of a stripped URL ({@code host/a/b} → {@code /a/b}, the host alone → {@code /}). */
  private static String path(String stripped) {
    int slash = stripped.indexOf('/');
    return slash < 0 ? "/" : stripped.substring(slash);
  }

  public String describe() {
    return (parameter != null ? "?" + parameter + " " : "url ") + operator + " " + value;
  }

  public String getFlowId() {
    return flowId;
  }

  public void setFlowId(String flowId) {
    this.flowId = flowId;
  }

  public int getGroup() {
    return group;
  }

  public void setGroup(int group) {
    this.group = group;
  }

  public boolean isExclusion() {
    return exclusion;
  }

  public void setExclusion(boolean exclusion) {
    this.exclusion = exclusion;
  }

  public Operator getOperator() {
    return operator;
  }

  public void setOperator(Operator operator) {
    this.operator = operator;
    this.expected = null;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
    this.expected = null;
  }

  public String getParameter() {
    return parameter;
  }

  public void setParameter(String parameter) {
    this.parameter = parameter;
    this.expected = null;
  }

  @Override
  public String toString() {
    return "PageRule[flowId=" + flowId + ", group=" + group + ", exclusion=" + exclusion + ", " + describe() + "]";
  }
}
