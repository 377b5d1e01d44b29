package dev.pulse.platform;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scrubs a person out of a text column (event payloads, monitored variables): the id becomes the
 * pseudonym, the email becomes {@code [erased]} (any case). For the erasure, in the module that
 * owns the table.
 */
public final class TextScrub {

  private TextScrub() {}

  /** Rows changed in {@code table.column} (names are the caller's constants, never input). */
  public static int scrub(JdbcTemplate jdbc, String table, String column, String contactId, String email, String pseudonym) {
    int changed = jdbc.update(
        "UPDATE " + table + " SET " + column + " = replace(" + column + ", ?, ?) WHERE position(? IN " + column + ") > 0", contactId, pseudonym, contactId);
    if (email != null) {
      changed += jdbc.update(
          "UPDATE " + table + " SET " + column + " = regexp_replace(" + column + ", ?, ?, 'gi') WHERE position(lower(?) IN lower(" + column + ")) > 0",
          email.replaceAll("([.+*?^$()\\[\\]{}|\\\\])", "\\\\$1"), "[erased]", email);
    }
    return changed;
  }
}
