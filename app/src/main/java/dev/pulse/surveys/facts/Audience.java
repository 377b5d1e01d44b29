package dev.pulse.surveys.facts;

import dev.pulse.rules.facts.FilterGroup;
import dev.pulse.rules.facts.Now;
import dev.pulse.rules.facts.Recipient;
import java.util.ArrayList;
import java.util.List;

/**
 * A survey's recipients: OR across filter groups, AND inside a group; or static lists; or, when
 * neither is set, the default audience the rules define. Plus the survey's options.
 */
public class Audience {

  private String surveyId;
  private SurveyType surveyType;
  private DeliveryChannel channel;
  private List<FilterGroup> filterGroups = new ArrayList<>();
  private List<String> listIds = new ArrayList<>();
  private boolean includeExisting = true;
  private boolean resendToResponders;
  /**
   * Days after any survey a contact received during which this one is not sent (0: none). The
   * survey's own setting; {@value #DEFAULT_COOLDOWN_DAYS} when it sets none.
   */
  private Integer cooldownDays = DEFAULT_COOLDOWN_DAYS;

  public static final int DEFAULT_COOLDOWN_DAYS = 30;

  /** True when the survey chose no filter groups and no lists. */
  public boolean isUsesDefaultAudience() {
    return filterGroups.isEmpty() && listIds.isEmpty();
  }

  /**
   * Why a recipient is not in this audience, naming the failed condition and the value found: the
   * default audience's "became a customer" date, each filter group's first failing filter, the
   * lists it is not in. For the rule that excludes those who are in none.
   */
  public String whyNot(Recipient recipient, Now now) {
    if (isUsesDefaultAudience()) {
      if ("CHAT".equals(channel) || "WEB".equals(channel)) {
        return "the default audience of chat and web surveys is everyone";
      }
      java.time.Instant since = recipient.getBecameCustomerAt();
      String rule = "the default audience is contacts who became customers more than 30 days ago";
      return since == null
          ? "it has no \"became a customer\" date (lifecycle stage " + (recipient.getLifecycleStage() == null ? "unknown" : "'" + recipient.getLifecycleStage() + "'")
              + "); " + rule
          : "it became a customer on " + since.toString().substring(0, 10) + ", " + java.time.Duration.between(since, now.getTime()).toDays() + " days ago; " + rule;
    }
    List<String> reasons = new ArrayList<>();
    for (FilterGroup group : filterGroups) {
      String why = group.whyNot(recipient, now);
      if (why != null) {
        reasons.add(why);
      }
    }
    if (!listIds.isEmpty()) {
      reasons.add("it is in none of the lists " + listIds);
    }
    return String.join("; ", reasons);
  }

  public String getSurveyId() {
    return surveyId;
  }

  public void setSurveyId(String surveyId) {
    this.surveyId = surveyId;
  }

  public SurveyType getSurveyType() {
    return surveyType;
  }

  public void setSurveyType(SurveyType surveyType) {
    this.surveyType = surveyType;
  }

  public DeliveryChannel getChannel() {
    return channel;
  }

  public void setChannel(DeliveryChannel channel) {
    this.channel = channel;
  }

  public List<FilterGroup> getFilterGroups() {
    return filterGroups;
  }

  public void setFilterGroups(List<FilterGroup> filterGroups) {
    this.filterGroups = filterGroups == null ? new ArrayList<>() : filterGroups;
    for (int i = 0; i < this.filterGroups.size(); i++) {
      this.filterGroups.get(i).setIndex(i + 1);
    }
  }

  public List<String> getListIds() {
    return listIds;
  }

  public void setListIds(List<String> listIds) {
    this.listIds = listIds == null ? new ArrayList<>() : listIds;
  }

  public boolean isIncludeExisting() {
    return includeExisting;
  }

  public void setIncludeExisting(boolean includeExisting) {
    this.includeExisting = includeExisting;
  }

  public boolean isResendToResponders() {
    return resendToResponders;
  }

  public void setResendToResponders(boolean resendToResponders) {
    this.resendToResponders = resendToResponders;
  }

  public Integer getCooldownDays() {
    return cooldownDays;
  }

  public void setCooldownDays(Integer cooldownDays) {
    this.cooldownDays = cooldownDays == null ? DEFAULT_COOLDOWN_DAYS : cooldownDays;
  }
}
