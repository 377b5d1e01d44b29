package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The default texts exist in every language Pulse ships, and no bundle is half translated. */
class SurveyTextsBundlesTest {

  @Test
  void everyKeyIsInEveryBundleWithAText() {
    Properties english = SurveyTexts.bundle("en");
    assertThat(english).as("the English bundle").isNotEmpty();
    for (String language : SurveyTexts.LANGUAGES) {
      Properties bundle = SurveyTexts.bundle(language);
      assertThat(bundle.stringPropertyNames()).as("keys of surveys_%s.properties", language).isEqualTo(english.stringPropertyNames());
      for (String key : bundle.stringPropertyNames()) {
        assertThat(bundle.getProperty(key)).as("%s in %s", key, language).isNotBlank();
      }
    }
  }

  @Test
  void aRegionFallsBackToItsLanguageAndAnUnknownLanguageToEnglish() {
    assertThat(SurveyTexts.get("de-AT", "page.send")).isEqualTo("Senden");
    assertThat(SurveyTexts.get("sv", "page.send")).isEqualTo("Skicka");
    assertThat(SurveyTexts.get("fi", "page.send")).isEqualTo("Send");
    assertThat(SurveyTexts.get("da", "question.NPS")).startsWith("Hvor sandsynligt");
  }
}
