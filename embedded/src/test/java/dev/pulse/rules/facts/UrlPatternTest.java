package dev.pulse.rules.facts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlPatternTest {

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource({
    "shop.example/help/*, https://shop.example/help/returns, true",
    "shop.example/help/*, https://shop.example/help, true",
    "shop.example/help/*, https://shop.example/help/, true",
    "shop.example/help/*, https://shop.example/helpdesk, false",
    "shop.example/*, https://shop.example/, true",
    "shop.example/*, https://SHOP.example/Pricing?x=1#top, true",
    "shop.example/*, https://other.example/, false",
    "*/checkout*, https://shop.example/checkout/pay, true",
    "https://shop.example/pricing, http://shop.example/pricing/, true",
    "https://shop.example/pricing, https://shop.example/pricing/plans, false",
    "'', https://anything.example/, true",
  })
  void patternsMatchAsTheEditorDescribesThem(String pattern, String url, boolean expected) {
    assertThat(UrlPattern.matches(pattern, url)).isEqualTo(expected);
    assertThat(UrlPattern.matches(pattern, url)).as("the cached pattern answers the same").isEqualTo(expected);
  }
}
