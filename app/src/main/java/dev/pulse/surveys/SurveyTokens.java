package dev.pulse.surveys;

import dev.pulse.crm.Contact;
import dev.pulse.crm.PropertyCatalog;
import dev.pulse.crm.RelatedRecords;
import dev.pulse.platform.web.StrictJson;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Personalization tokens in survey texts: {@code {{object.property|default}}}, the default (after
 * the bar, optional) standing in when the value is unknown. The objects:
 *
 * <ul>
 *   <li>{@code contact}: the contact's fields and custom properties ({@code contact.firstname});
 *   <li>{@code company}: the contact's company ({@code company.name}, custom properties);
 *   <li>{@code owner}: the contact owner, an agent ({@code firstname}, {@code lastname}, {@code name}, {@code email});
 *   <li>{@code agent}: the agent the delivery credits (a chat's assignee; for email the owner at send time), same fields;
 *   <li>{@code survey}: {@code name}, {@code type}.
 * </ul>
 *
 * A survey is saved only when every token in its texts is one of these with a property Pulse
 * knows; anything else between double braces is refused, naming the field and the token.
 */
@Component
class SurveyTokens {

  static final Pattern TOKEN = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\.([A-Za-z0-9_]+)\\s*(?:\\|([^{}]*))?}}");
  private static final Pattern ANY_BRACES = Pattern.compile("\\{\\{.*?}}");
  static final Set<String> PERSON = Set.of("firstname", "lastname", "name", "email");
  static final Set<String> SURVEY = Set.of("name", "type");

  private final PropertyCatalog properties;
  private final RelatedRecords related;
  private final JdbcTemplate jdbc;

  SurveyTokens(PropertyCatalog properties, RelatedRecords related, JdbcTemplate jdbc) {
    this.properties = properties;
    this.related = related;
    this.jdbc = jdbc;
  }

  /** Every token the editor may offer, by object. */
  Map<String, Set<String>> offered() {
    Map<String, Set<String>> all = new LinkedHashMap<>();
    all.put("contact", properties.known("contact"));
    all.put("company", properties.known("company"));
    all.put("owner", new TreeSet<>(PERSON));
    all.put("agent", new TreeSet<>(PERSON));
    all.put("survey", new TreeSet<>(SURVEY));
    return all;
  }

  /** Refuses (400, naming the field) a text with a token Pulse cannot fill. */
  void check(SurveyInput s) {
    Map<String, Set<String>> offered = null;
    for (Map.Entry<String, String> text : texts(s).entrySet()) {
      if (text.getValue() == null || !text.getValue().contains("{{")) {
        continue;
      }
      offered = offered == null ? offered() : offered;
      Matcher any = ANY_BRACES.matcher(text.getValue());
      while (any.find()) {
        String found = any.group();
        Matcher m = TOKEN.matcher(found);
        if (!m.matches()) {
          throw StrictJson.invalidField(text.getKey(), "'" + found + "' is not a token: write {{object.property}} or {{object.property|default}},"
              + " object one of " + offered.keySet());
        }
        Set<String> known = offered.get(m.group(1));
        if (known == null) {
          throw StrictJson.invalidField(text.getKey(), "'" + found + "': Pulse cannot fill '" + m.group(1) + "' tokens; it fills " + offered.keySet());
        }
        if (!known.contains(m.group(2))) {
          throw StrictJson.invalidField(text.getKey(), "'" + found + "': '" + m.group(2) + "' is not a known " + m.group(1) + " property; known: " + known);
        }
      }
    }
  }

  /** The survey's texts that may hold tokens, by field path. */
  static Map<String, String> texts(SurveyInput s) {
    Map<String, String> t = new LinkedHashMap<>();
    if (s.email() != null) {
      t.put("email.subject", s.email().subject());
      t.put("email.greeting", s.email().greeting());
      t.put("email.intro", s.email().intro());
      t.put("email.question", s.email().question());
      t.put("email.body", s.email().body());
      t.put("email.companyName", s.email().companyName());
      t.put("email.fromName", s.email().fromName());
    }
    if (s.followUpQuestion() != null) {
      t.put("followUpQuestion.unhappy", s.followUpQuestion().unhappy());
      t.put("followUpQuestion.neutral", s.followUpQuestion().neutral());
      t.put("followUpQuestion.happy", s.followUpQuestion().happy());
    }
    if (s.thankYou() != null) {
      String[] names = {"unhappy", "neutral", "happy"};
      SurveyInput.ThankYou[] all = {s.thankYou().unhappy(), s.thankYou().neutral(), s.thankYou().happy()};
      for (int i = 0; i < names.length; i++) {
        if (all[i] != null) {
          t.put("thankYou." + names[i] + ".heading", all[i].heading());
          t.put("thankYou." + names[i] + ".body", all[i].body());
        }
      }
    }
    return t;
  }

  /** The values tokens take for one contact (and the agent a delivery credits, if any). */
  Values values(Survey survey, Contact contact, String agentId) {
    return new Values(survey, contact, agentId);
  }

  /** Token values, looked up once each, only when a text asks for them. */
  final class Values {
    private final Survey survey;
    private final Contact contact;
    private final String agentId;
    private final Map<String, Map<String, Object>> cache = new HashMap<>();

    private Values(Survey survey, Contact contact, String agentId) {
      this.survey = survey;
      this.contact = contact;
      this.agentId = agentId;
    }

    /** The text with every token replaced by its value, or its default (empty when none). */
    String fill(String template) {
      if (template == null || !template.contains("{{")) {
        return template;
      }
      Matcher m = TOKEN.matcher(template);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        Object value = object(m.group(1)).get(m.group(2));
        String replacement = value == null || String.valueOf(value).isBlank() ? (m.group(3) == null ? "" : m.group(3).trim()) : String.valueOf(value);
        m.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(out);
      return out.toString();
    }

    private Map<String, Object> object(String name) {
      return cache.computeIfAbsent(name, n -> switch (n) {
        case "contact" -> contactValues();
        case "company" -> contact == null || "sample".equals(contact.id()) ? Map.of() : related.of(contact).company();
        case "owner" -> person(contact == null ? null : contact.ownerId());
        case "agent" -> person(agentId != null ? agentId : contact == null ? null : contact.ownerId());
        case "survey" -> survey == null ? Map.of() : Map.of("name", survey.definition().name(), "type", survey.definition().type().name());
        default -> Map.of();
      });
    }

    private Map<String, Object> contactValues() {
      if (contact == null) {
        return Map.of();
      }
      Map<String, Object> v = contact.asProperties();
      if (contact.lifecycleStage() != null) {
        v.put("lifecycleStage", contact.lifecycleStage());
      }
      return v;
    }

    private Map<String, Object> person(String agent) {
      if (agent == null) {
        return Map.of();
      }
      return jdbc.query("SELECT name, email FROM agents WHERE id = ?", rs -> {
        Map<String, Object> v = new HashMap<>();
        if (rs.next()) {
          String name = rs.getString(1);
          put(v, "name", name);
          put(v, "email", rs.getString(2));
          if (name != null && !name.isBlank()) {
            String[] parts = name.strip().split("\\s+", 2);
            put(v, "firstname", parts[0]);
            put(v, "lastname", parts.length > 1 ? parts[1] : null);
          }
        }
        return v;
      }, agent);
    }
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
