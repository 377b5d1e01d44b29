package dev.pulse.rules.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.rules.facts.Filter.Operator;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator of the filter editor, each with a contact it must match and a near miss it must
 * not: an operator that always said yes (or no) fails here.
 */
class FilterTest {

  private static final Now NOW = new Now(Instant.parse("2026-06-01T00:00:00Z"));

  /** A contact whose only property is {@code value} (absent when null). */
  private static Recipient with(Object value) {
    Map<String, Object> props = new HashMap<>();
    if (value != null) {
      props.put("prop", value);
    }
    Recipient recipient = new Recipient("c1");
    recipient.setContact(props);
    return recipient;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // operator, values, a value that matches, a near miss
        Arguments.of(Operator.IS, List.of("Gold"), "gold", "golden"),
        Arguments.of(Operator.IS_NOT, List.of("gold"), "silver", "GOLD"),
        Arguments.of(Operator.CONTAINS, List.of("corp"), "Acme Corp Ltd", "Acme Inc"),
        Arguments.of(Operator.DOES_NOT_CONTAIN, List.of("test"), "real user", "a Test user"),
        Arguments.of(Operator.STARTS_WITH, List.of("ent"), "Enterprise", "Parent"),
        Arguments.of(Operator.ENDS_WITH, List.of(".de"), "anna@shop.de", "anna@shop.dev"),
        Arguments.of(Operator.IS_KNOWN, List.of(), "x", null),
        Arguments.of(Operator.IS_UNKNOWN, List.of(), null, "x"),
        Arguments.of(Operator.IS_ANY_OF, List.of("de", "at", "ch"), "AT", "fr"),
        Arguments.of(Operator.IS_NONE_OF, List.of("de", "at"), "fr", "de"),
        Arguments.of(Operator.GREATER_THAN, List.of("10"), 10.5, 10),
        Arguments.of(Operator.LESS_THAN, List.of("10"), "9", 10),
        Arguments.of(Operator.BETWEEN, List.of("5", "10"), 10, 10.01),
        Arguments.of(Operator.BETWEEN, List.of("2026-01-01", "2026-01-31"), "2026-01-31", "2026-02-01"),
        Arguments.of(Operator.BEFORE, List.of("2026-01-01"), "2025-12-31T23:59:59Z", "2026-01-01"),
        Arguments.of(Operator.AFTER, List.of("2026-01-01"), "2026-01-01T00:00:01Z", "2026-01-01T00:00:00Z"),
        Arguments.of(Operator.IN_LAST_DAYS, List.of("30"), "2026-05-02T00:00:00Z", "2026-05-01T23:59:59Z"),
        Arguments.of(Operator.MORE_THAN_DAYS_AGO, List.of("30"), "2026-05-01T23:59:59Z", "2026-05-02T00:00:00Z"));
  }

  @ParameterizedTest(name = "{0} {1}: {2} matches, {3} does not")
  @MethodSource("cases")
  void eachOperatorMatchesAndMissesAsItSays(Operator operator, List<String> values, Object matching, Object nearMiss) {
    Filter filter = new Filter("contact", "prop", operator, values);
    assertThat(filter.matches(with(matching), NOW)).as("%s matches %s", operator, matching).isTrue();
    assertThat(filter.matches(with(nearMiss), NOW)).as("%s misses %s", operator, nearMiss).isFalse();
  }

  @Test
  void everyOperatorHasACase() {
    Set<Operator> covered = EnumSet.noneOf(Operator.class);
    cases().forEach(a -> covered.add((Operator) a.get()[0]));
    assertThat(covered).containsExactlyInAnyOrder(Operator.values());
  }

  @Test
  void anUnknownValueNeverMatchesAComparison() {
    for (Operator operator : List.of(Operator.GREATER_THAN, Operator.LESS_THAN, Operator.BEFORE, Operator.AFTER, Operator.IN_LAST_DAYS)) {
      assertThat(new Filter("contact", "prop", operator, List.of("10")).matches(with(null), NOW)).as(operator.name()).isFalse();
    }
  }

  @Test
  void multiValuedPropertiesMatchWhenAnyValueDoes() {
    Filter filter = new Filter("contact", "prop", Operator.IS_ANY_OF, List.of("vip"));
    assertThat(filter.matches(with(List.of("new", "VIP")), NOW)).isTrue();
    assertThat(filter.matches(with(List.of("new", "churned")), NOW)).isFalse();
  }
}
