package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The page and mail templates render in every language Pulse ships: each {@code #{key}} they use
 * is a text of the survey bundle (a missing key would show as {@code ??key_lang??}), and what
 * comes in as a variable is shown as text, never as markup.
 */
class SurveyTemplatesTest {

  private final SurveyTemplates templates = new SurveyTemplates();

  @Test
  void everyTemplateFindsItsTextsInEveryLanguage() {
    for (String lang : SurveyTexts.LANGUAGES) {
      String form = templates.render("answer/form", lang, formVariables(true));
      assertThat(form).as(lang).doesNotContain("??")
          .contains("lang=\"" + lang + "\"")
          .contains(SurveyTexts.get(lang, "page.score"))
          .contains(SurveyTexts.get(lang, "page.send"))
          .contains(SurveyTexts.get(lang, "page.communication"))
          .contains(SurveyTexts.get(lang, "page.processing"))
          .contains(SurveyTexts.get(lang, "page.test"));
      String unsubscribe = templates.render("unsubscribe", lang, Map.of("heading", "h", "token", "t", "done", false));
      assertThat(unsubscribe).as(lang).doesNotContain("??").contains(SurveyTexts.get(lang, "unsubscribe.confirm")).contains("action=\"/u/t\"");
      String done = templates.render("unsubscribe", lang, Map.of("heading", "h", "token", "t", "done", true));
      assertThat(done).as(lang).doesNotContain("??").contains(SurveyTexts.get(lang, "unsubscribe.done")).doesNotContain("<form");
      String mail = templates.render("mail/survey", lang, Map.of("greeting", "g", "question", "q", "accent", "#2f6fed",
          "links", List.of(new SurveyMailer.ScoreLink(1, "https://pulse.test/r/t?score=1")), "unsubscribe", "https://pulse.test/u/t"));
      assertThat(mail).as(lang).doesNotContain("??").contains(SurveyTexts.get(lang, "mail.unsubscribe")).startsWith("<html>");
    }
  }

  /**
   * The plain-text part of a survey mail is a template too (survey.txt): every line as the mail
   * has always had it, the optional parts left out cleanly, and a variable kept as it is (not
   * escaped, not evaluated).
   */
  @Test
  void thePlainTextMailIsATemplateWithTheSameTexts() {
    Map<String, Object> full = new HashMap<>(Map.of("greeting", "Hi <Ann>,", "intro", "Thanks for your order.", "question", "How did we do?",
        "links", List.of(new SurveyMailer.ScoreLink(1, "https://pulse.test/r/t?score=1"), new SurveyMailer.ScoreLink(2, "https://pulse.test/r/t?score=2")),
        "body", "[(${unsubscribe})] & more", "name", "Acme", "address", "Street 1\nTown", "unsubscribe", "https://pulse.test/u/t"));
    assertThat(templates.renderText("mail/survey.txt", "en", full)).isEqualTo(
        "Hi <Ann>,\n\nThanks for your order.\n\nHow did we do?\n1: https://pulse.test/r/t?score=1\n2: https://pulse.test/r/t?score=2\n"
            + "\n[(${unsubscribe})] & more\n\n--\nAcme\nStreet 1\nTown\n" + SurveyTexts.get("en", "mail.unsubscribe") + ": https://pulse.test/u/t\n");
    Map<String, Object> least = Map.of("greeting", "Hi,", "question", "Q?", "links", List.of(new SurveyMailer.ScoreLink(0, "u0")),
        "unsubscribe", "U");
    for (String lang : SurveyTexts.LANGUAGES) {
      assertThat(templates.renderText("mail/survey.txt", lang, least)).as(lang)
          .isEqualTo("Hi,\n\nQ?\n0: u0\n\n--\n" + SurveyTexts.get(lang, "mail.unsubscribe") + ": U\n");
    }
  }

  @Test
  void theFormChecksTheLinksScoreAndAsksOnlyTheConsentTheSurveyWants() {
    Map<String, Object> none = formVariables(false);
    none.put("communication", false);
    none.put("processing", false);
    none.put("consentText", null);
    String form = templates.render("answer/form", "en", none);
    assertThat(form).contains("value=\"2\" checked").doesNotContain("value=\"3\" checked").contains("value=\"1\"").contains("value=\"5\"").doesNotContain("value=\"6\"")
        .doesNotContain("consentCommunication").doesNotContain("consentProcessing").doesNotContain("<small>")
        .doesNotContain(SurveyTexts.get("en", "page.test"));
  }

  @Test
  void variablesAreTextNotMarkup() {
    Map<String, Object> page = formVariables(true);
    page.put("heading", "<script>alert(1)</script>");
    page.put("followUp", "\"><img src=x onerror=alert(1)>");
    page.put("token", "a\"b");
    String form = templates.render("answer/form", "en", page);
    assertThat(form).contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>").contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;").contains("action=\"/r/a&quot;b\"")
        .doesNotContain("<script>").doesNotContain("<img");

    Map<String, Object> mail = new HashMap<>(Map.of("greeting", "<b>Hi</b>", "question", "q", "accent", "red\" onmouseover=\"x",
        "links", List.of(new SurveyMailer.ScoreLink(1, "https://pulse.test/r/t?score=1&x=\"y")), "unsubscribe", "https://pulse.test/u/t"));
    mail.put("addressLines", List.of("<u>Street 1</u>", "Town"));
    String html = templates.render("mail/survey", "en", mail);
    assertThat(html).contains("<p>&lt;b&gt;Hi&lt;/b&gt;</p>").contains("&lt;u&gt;Street 1&lt;/u&gt;<br>Town<br>")
        .contains("href=\"https://pulse.test/r/t?score=1&amp;x=&quot;y\"").contains("background:red&quot; onmouseover=&quot;x;")
        .doesNotContain("<b>").doesNotContain("<u>").doesNotContain("onmouseover=\"x");
  }

  private static Map<String, Object> formVariables(boolean test) {
    Map<String, Object> page = new HashMap<>();
    page.put("heading", "How did we do?");
    page.put("test", test);
    page.put("token", "tok");
    page.put("min", 1);
    page.put("max", 5);
    page.put("score", 2);
    page.put("followUp", "Why?");
    page.put("communication", true);
    page.put("processing", true);
    page.put("consentText", "We keep your answer.");
    return page;
  }
}
