package dev.pulse.surveys.facts;

import dev.pulse.rules.facts.FilterGroup;
import dev.pulse.rules.facts.UrlPattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A published WEB survey's intercept: who may see it, on which pages (URL patterns with
 * {@code *}; none means every page) and not on which, when it opens, how often it may come back,
 * whether it shows on phones, and its priority among the web surveys.
 */
public class WebSurvey {

  private String surveyId;
  private int priority = 100;
  private List<String> pages = new ArrayList<>();
  private List<String> excludedPages = new ArrayList<>();
  /** ALL, CUSTOMERS_FOR_30_DAYS, CRITERIA (its filter groups) or LISTS. */
  private WebAudience who = WebAudience.ALL;
  private Set<String> listIds = new HashSet<>();
  private List<FilterGroup> filterGroups = new ArrayList<>();
  private boolean showOnMobile = true;
  /** NEVER_AGAIN, AFTER_DAYS or ALWAYS. */
  private Frequency frequency = Frequency.NEVER_AGAIN;
  private int frequencyDays;
  /** How it opens: AFTER_SECONDS or SCROLL_PERCENT, with its value. */
  private String trigger = "AFTER_SECONDS";
  private int triggerValue;

  public WebSurvey() {}

  /** Its id among the targeting decisions (Show, Hide, Chosen), apart from the chatflows'. */
  public String getKey() {
    return "web-survey:" + surveyId;
  }

  public boolean showsOn(String url) {
    return pages.isEmpty() || pages.stream().anyMatch(p -> UrlPattern.matches(p, url));
  }

  public boolean excludedOn(String url) {
    return excludedPages.stream().anyMatch(p -> UrlPattern.matches(p, url));
  }

  /** The trigger as the widget reads it: {@code AFTER_10_SECONDS} or {@code AT_50_PERCENT_SCROLL}. */
  public String triggerName() {
    return "SCROLL_PERCENT".equals(trigger) ? "AT_" + triggerValue + "_PERCENT_SCROLL" : "AFTER_" + triggerValue + "_SECONDS";
  }

  public String getSurveyId() {
    return surveyId;
  }

  public void setSurveyId(String surveyId) {
    this.surveyId = surveyId;
  }

  public int getPriority() {
    return priority;
  }

  public void setPriority(int priority) {
    this.priority = priority;
  }

  public List<String> getPages() {
    return pages;
  }

  public void setPages(List<String> pages) {
    this.pages = pages == null ? new ArrayList<>() : pages;
  }

  public List<String> getExcludedPages() {
    return excludedPages;
  }

  public void setExcludedPages(List<String> excludedPages) {
    this.excludedPages = excludedPages == null ? new ArrayList<>() : excludedPages;
  }

  public WebAudience getWho() {
    return who;
  }

  public void setWho(WebAudience who) {
    this.who = who;
  }

  public Set<String> getListIds() {
    return listIds;
  }

  public void setListIds(Set<String> listIds) {
    this.listIds = listIds == null ? new HashSet<>() : listIds;
  }

  public List<FilterGroup> getFilterGroups() {
    return filterGroups;
  }

  public void setFilterGroups(List<FilterGroup> filterGroups) {
    this.filterGroups = filterGroups == null ? new ArrayList<>() : filterGroups;
  }

  public boolean isShowOnMobile() {
    return showOnMobile;
  }

  public void setShowOnMobile(boolean showOnMobile) {
    this.showOnMobile = showOnMobile;
  }

  public Frequency getFrequency() {
    return frequency;
  }

  public void setFrequency(Frequency frequency) {
    this.frequency = frequency;
  }

  public int getFrequencyDays() {
    return frequencyDays;
  }

  public void setFrequencyDays(int frequencyDays) {
    this.frequencyDays = frequencyDays;
  }

  public String getTrigger() {
    return trigger;
  }

  public void setTrigger(String trigger) {
    this.trigger = trigger;
  }

  public int getTriggerValue() {
    return triggerValue;
  }

  public void setTriggerValue(int triggerValue) {
    this.triggerValue = triggerValue;
  }

  @Override
  public String toString() {
    return "WebSurvey[surveyId=" + surveyId + ", priority=" + priority + ", pages=" + pages + ", excludedPages=" + excludedPages + ", who=" + who
        + ", listIds=" + listIds + ", filterGroups=" + filterGroups.size() + ", showOnMobile=" + showOnMobile + ", frequency=" + frequency + ", frequencyDays=" + frequencyDays
        + ", trigger=" + trigger + ", triggerValue=" + triggerValue + "]";
  }
}
