package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The default texts (surveys, conversations) exist in every language Pulse ships, and no bundle is half translated. */
class SurveyTextsBundlesTest {

  @Test
  void everyKeyIsInEveryBundleWithAText() {
    for (String family : new String[] {"surveys", "conversations"}) {
      dev.pulse.platform.Texts texts = new dev.pulse.platform.Texts(family);
      Properties english = texts.bundle("en");
      assertThat(english).as("the English %s bundle", family).isNotEmpty();
      for (String language : SurveyTexts.LANGUAGES) {
        Properties bundle = texts.bundle(language);
        assertThat(bundle.stringPropertyNames()).as("keys of %s_%s.properties", family, language).isEqualTo(english.stringPropertyNames());
        for (String key : bundle.stringPropertyNames()) {
          assertThat(bundle.getProperty(key)).as("%s in %s_%s", key, family, language).isNotBlank();
          // a placeholder in English is in every translation
          for (int i = 0; i < 3; i++) {
            assertThat(bundle.getProperty(key).contains("{" + i + "}")).as("{%d} of %s in %s_%s", i, key, family, language)
                .isEqualTo(english.getProperty(key).contains("{" + i + "}"));
          }
        }
      }
    }
  }

  @Test
  void apostrophesAndPlaceholdersFormatAsWritten() {
    dev.pulse.platform.Texts texts = new dev.pulse.platform.Texts("conversations");
    assertThat(texts.format("en", "chat.backAt", "Thursday 09:00")).isEqualTo("We're back Thursday 09:00");
    assertThat(texts.format("sv-SE", "chat.backAt", "torsdag 09:00")).isEqualTo("Vi är tillbaka torsdag 09:00");
    assertThat(texts.format("de", "chat.backAt", "Donnerstag 09:00")).isEqualTo("Wir sind Donnerstag 09:00 wieder da");
  }

  @Test
  void aRegionFallsBackToItsLanguageAndAnUnknownLanguageToEnglish() {
    assertThat(SurveyTexts.get("de-AT", "page.send")).isEqualTo("Senden");
    assertThat(SurveyTexts.get("sv", "page.send")).isEqualTo("Skicka");
    assertThat(SurveyTexts.get("fi", "page.send")).isEqualTo("Send");
    assertThat(SurveyTexts.get("da", "question.NPS")).startsWith("Hvor sandsynligt");
  }
}
