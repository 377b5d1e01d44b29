package dev.pulse.platform.events;

import java.util.List;

/** Pulse's Kafka topics (DESIGN §7). Each has a dead-letter topic named {@code <topic>.DLT}. */
public final class Topics {

  /** In: CRM upserts, keyed by contact id. */
  public static final String CONTACTS = "pulse.contacts";
  /**
   * In: companies, deals, ticket stages and list memberships, one JSON object per record with
   * {@code object} = company | deal | ticket | list-membership (see {@code crm.RecordsConsumer}).
   */
  public static final String CRM_RECORDS = "pulse.crm-records";
  /** In: channel messages, keyed by thread id. */
  public static final String INBOUND_MESSAGES = "pulse.inbound-messages";
  /** In: survey answers, keyed by delivery id. */
  public static final String SURVEY_RESPONSES = "pulse.survey-responses";
  /** Out: messages for channel adapters, keyed by delivery or conversation id. */
  public static final String OUTBOUND_MESSAGES = "pulse.outbound-messages";
  /** Out: domain events, keyed by aggregate id. */
  public static final String EVENTS = "pulse.events";

  public static final String DLT_SUFFIX = ".DLT";

  public static final List<String> ALL =
      List.of(CONTACTS, CRM_RECORDS, INBOUND_MESSAGES, SURVEY_RESPONSES, OUTBOUND_MESSAGES, EVENTS);

  private Topics() {}

  public static String deadLetter(String topic) {
    return topic + DLT_SUFFIX;
  }
}
