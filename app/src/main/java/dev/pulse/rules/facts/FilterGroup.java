package dev.pulse.rules.facts;

import java.util.ArrayList;
import java.util.List;

/** Filters that must all match (AND). An audience matches when any of its groups does (OR). */
public class FilterGroup {

  private int index;
  private List<Filter> filters = new ArrayList<>();

  public FilterGroup() {}

  public FilterGroup(List<Filter> filters) {
    this.filters = filters;
  }

  /** True when every filter matches the recipient at {@code now}. */
  public boolean matches(Recipient recipient, Now now) {
    for (Filter filter : filters) {
      if (!filter.matches(recipient, now)) {
        return false;
      }
    }
    return true;
  }

  /** The first filter the recipient fails, in words; null when it matches the whole group. */
  public String whyNot(Recipient recipient, Now now) {
    for (Filter filter : filters) {
      if (!filter.matches(recipient, now)) {
        return "filter group " + index + ": " + filter.whyNot(recipient);
      }
    }
    return null;
  }

  public int getIndex() {
    return index;
  }

  public void setIndex(int index) {
    this.index = index;
  }

  public List<Filter> getFilters() {
    return filters;
  }

  public void setFilters(List<Filter> filters) {
    this.filters = filters == null ? new ArrayList<>() : filters;
  }
}
