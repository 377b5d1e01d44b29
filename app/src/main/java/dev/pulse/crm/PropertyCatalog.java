package dev.pulse.crm;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The properties a filter may name, per record type: the built-in fields and every custom
 * property some stored record has.
 */
@Component
public class PropertyCatalog {

  private static final Set<String> CONTACT =
      Set.of("id", "email", "phone", "firstname", "lastname", "lifecyclestage", "lifecycleStage", "becameCustomerAt", "ownerId", "language", "timeZone", "companyId", "unsubscribed");
  private static final Set<String> COMPANY = Set.of("id", "name", "domain");
  private static final Set<String> DEAL = Set.of("id", "name", "stage", "amount", "closedAt");
  private static final Set<String> TICKET = Set.of("id", "subject", "pipeline", "stage", "priority", "ownerId", "createdAt", "closedAt");

  private final JdbcTemplate jdbc;

  PropertyCatalog(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Known property names of {@code object} (contact, company, deal, ticket), sorted. */
  public Set<String> known(String object) {
    String table;
    Set<String> builtIn;
    switch (object == null ? "contact" : object) {
      case "company" -> {
        table = "companies";
        builtIn = COMPANY;
      }
      case "deal" -> {
        table = "deals";
        builtIn = DEAL;
      }
      case "ticket" -> {
        table = "tickets";
        builtIn = TICKET;
      }
      default -> {
        table = "contacts";
        builtIn = CONTACT;
      }
    }
    Set<String> names = new TreeSet<>(builtIn);
    names.addAll(jdbc.queryForList("SELECT DISTINCT jsonb_object_keys(properties) FROM " + table, String.class));
    return names;
  }
}
