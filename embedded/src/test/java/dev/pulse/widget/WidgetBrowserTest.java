package dev.pulse.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.pulse.testing.HeadlessChromium;
import dev.pulse.testing.PulseStackTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The widget on a real page of another origin and the agent inbox, each in a headless Chromium of
 * its own: one script tag; the page's web survey is asked (once) and answered; the chatflow opens
 * the chat with its welcome message and asks for consent before the first message; the visitor
 * writes; the agent, signed in with an AGENT key, sees it arrive as theirs, replies and leaves a
 * note; the reply appears on the visitor's page without a reload, the note never; the agent's
 * availability switch sets their status; an admin reassigns it from the same page; on the next page the same visitor finds the
 * conversation again; the agent closes it and the widget says so, then asks the chat survey,
 * whose answer counts in the survey's analytics.
 */
class WidgetBrowserTest extends PulseStackTest {

  @Test
  void aVisitorChatsWithAnAgentFromTheCompanysPage() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    // the company's site: two pages with the script tag, served from an origin of its own
    HttpServer shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String origin = "http://127.0.0.1:" + shop.getAddress().getPort();
    String page = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop %1$s</title></head>
        <body><h1>The shop (%2$s)</h1><p>Products and prices.</p>
        <script src="%3$s/widget.js" data-site="shop-%1$s" async></script></body></html>
        """;
    shop.createContext("/", exchange -> {
      String which = exchange.getRequestURI().getPath().contains("checkout") ? "checkout" : "home";
      byte[] body = page.formatted(tag, which, rest.getRootUri()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    shop.start();

    putJson("/api/agents/wb-" + tag, "{\"name\":\"Wanda\",\"status\":\"available\",\"capacity\":10}");
    putJson("/api/agents/wb2-" + tag, "{\"name\":\"Walt\",\"status\":\"available\",\"capacity\":10}");
    putJson("/api/inboxes/wbi-" + tag, "{\"name\":\"Web chats\",\"routing\":{\"mode\":\"SPECIFIC\",\"userIds\":[\"wb-" + tag + "\"]}}");
    putJson("/api/channels/wbc-" + tag, "{\"inboxId\":\"wbi-" + tag + "\",\"type\":\"CHAT\",\"name\":\"Website chat\"}");
    assertThat(putJson("/api/sites/shop-" + tag, "{\"name\":\"Shop\",\"channelId\":\"wbc-" + tag + "\",\"allowedOrigins\":[\"" + origin + "\"]}")
        .getStatusCode().value()).isEqualTo(200);
    String survey = postJson("/api/surveys", "{\"name\":\"Chat CSAT " + tag + "\",\"type\":\"CSAT\",\"delivery\":\"CHAT\",\"options\":{\"cooldownDays\":0}}")
        .getBody().get("id").asText();
    postJson("/api/surveys/" + survey + "/publish", "{}");
    assertThat(putJson("/api/chatflows/shop-" + tag, """
        {"inboxId": "wbi-%1$s", "name": "Shop chat", "enabled": true, "priority": 0, "welcomeMessage": "Hi! Questions about an order?",
         "chatSurveyId": "%3$s", "consent": {"processing": "EXPLICIT", "processingText": "We keep this chat to answer you.", "cookieBanner": "BEFORE_CHAT"},
         "emailCapture": {"when": "AFTER_FIRST_MESSAGE", "text": "Your email, in case we lose you"},
         "heading": {"mode": "BRAND", "brandName": "Shop support"},
         "display": {"desktop": "WELCOME_THEN_OPEN", "trigger": {"type": "IMMEDIATE"}},
         "availability": {"typicalReplyTime": "a few minutes"},
         "targeting": {"groups": [{"rules": [{"operator": "CONTAINS", "value": "%2$s"}]}]}}
        """.formatted(tag, origin.substring("http://".length()), survey)).getStatusCode().is2xxSuccessful()).isTrue();

    // and a web survey on its pages, asked once
    var created = postJson("/api/surveys", """
        {"name": "Shop pages %s", "type": "CSAT", "delivery": "WEB",
         "webTargeting": {"pages": ["%s/*"], "trigger": {"type": "AFTER_SECONDS", "value": 0}, "frequency": {"type": "NEVER_AGAIN"}, "priority": 1}}
        """.formatted(tag, origin));
    assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
    String webSurvey = created.getBody().get("id").asText();
    postJson("/api/surveys/" + webSurvey + "/publish", "{}");

    try (HeadlessChromium chromium = HeadlessChromium.open("widget")) {
      WebDriver browser = chromium.driver();
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      wait.ignoring(org.openqa.selenium.NoSuchElementException.class).ignoring(org.openqa.selenium.StaleElementReferenceException.class);
      browser.get(origin + "/");
      SearchContext widget = wait.until(d -> d.findElement(By.id("pulse-chat-widget")).getShadowRoot());
      WebElement panel = wait.until(d -> widget.findElement(By.cssSelector(".panel")));
      assertThat(panel.findElement(By.cssSelector(".head")).getText()).contains("Shop support");
      assertThat(panel.findElement(By.cssSelector(".thread")).getText()).contains("Hi! Questions about an order?");
      wait.until(d -> "true".equals(widget.findElement(By.cssSelector(".panel")).getDomAttribute("data-live")));

      // the web survey of the page, in a card of its own: answered once
      WebElement card = wait.until(d -> widget.findElement(By.cssSelector(".web-survey[data-survey='" + webSurvey + "']")));
      assertThat(card.getText()).contains("How satisfied");
      chromium.screenshot("widget-0-web-survey");
      card.findElement(By.cssSelector("button[data-score='4']")).click();
      wait.until(d -> "true".equals(widget.findElement(By.cssSelector(".web-survey[data-survey='" + webSurvey + "']")).getDomAttribute("data-answered")));
      assertThat(jdbc.queryForObject("SELECT channel || ' ' || score FROM responses WHERE survey_id = ?", String.class, webSurvey)).isEqualTo("WEB 4");

      // the cookie banner: the visitor's id is kept across pages once they accept
      WebElement cookies = panel.findElement(By.cssSelector(".cookies"));
      assertThat(cookies.getText()).contains("remembers you from page to page");
      assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return localStorage.getItem('pulse.widget.shop-" + tag + "')")).isNull();
      cookies.findElement(By.cssSelector("button.accept")).click();
      assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return localStorage.getItem('pulse.widget.shop-" + tag + "')")).isNotNull();

      // the chatflow asks for consent before the first message
      WebElement input = panel.findElement(By.cssSelector("textarea"));
      input.sendKeys("Where is order <b>42</b>?");
      input.sendKeys(Keys.ENTER);
      wait.until(d -> widget.findElement(By.cssSelector(".notice")).getText().contains("Please agree"));
      assertThat(panel.findElement(By.cssSelector(".consent")).getText()).contains("We keep this chat to answer you.");
      panel.findElement(By.cssSelector(".consent input")).click();
      input.sendKeys(Keys.ENTER);
      wait.until(d -> widget.findElements(By.cssSelector(".msg.visitor")).size() == 1);
      assertThat(widget.findElement(By.cssSelector(".msg.visitor")).getText()).as("written as text, not HTML").isEqualTo("Where is order <b>42</b>?");
      String conversation = jdbc.queryForObject("SELECT id FROM conversations WHERE channel_id = ?", String.class, "wbc-" + tag);
      assertThat(jdbc.queryForObject("SELECT consent::text FROM conversations WHERE id = ?", String.class, conversation)).contains("\"processing\": true");

      // after the first message the chatflow asks for an email: it goes on the visitor's contact
      WebElement emailForm = wait.until(d -> widget.findElement(By.cssSelector("form.email")));
      assertThat(emailForm.getText()).contains("Your email, in case we lose you");
      emailForm.findElement(By.name("email")).sendKeys("shopper-" + tag + "@mail.test", Keys.ENTER);
      wait.until(d -> widget.findElements(By.cssSelector("form.email")).isEmpty());
      assertThat(jdbc.queryForObject("SELECT c.email FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.id = ?", String.class, conversation))
          .isEqualTo("shopper-" + tag + "@mail.test");
      chromium.screenshot("widget-1-visitor-wrote");

      // the agent, signed into the inbox with an AGENT key, sees it arrive as theirs, answers and leaves a note
      String agentKey = postJson("/api/keys", "{\"name\":\"Wanda's key\",\"roles\":[\"AGENT\"],\"agentId\":\"wb-" + tag + "\"}").getBody().get("value").asText();
      try (HeadlessChromium agentBrowser = HeadlessChromium.open("inbox")) {
        WebDriver inbox = agentBrowser.driver();
        WebDriverWait agentWait = new WebDriverWait(inbox, Duration.ofSeconds(30));
        agentWait.ignoring(org.openqa.selenium.NoSuchElementException.class).ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        inbox.get(rest.getRootUri() + "/inbox");
        agentWait.until(d -> d.findElement(By.id("credential"))).sendKeys(agentKey, Keys.ENTER);
        agentWait.until(d -> d.findElement(By.id("me")).getText().contains("wb-" + tag));
        assertThat(inbox.findElement(By.id("available")).isSelected()).as("the switch shows the agent's status").isTrue();
        agentWait.until(d -> d.findElement(By.cssSelector(".item[data-id='" + conversation + "']")));
        new org.openqa.selenium.support.ui.Select(inbox.findElement(By.name("inbox"))).selectByValue("wbi-" + tag); // the team's inbox
        agentWait.until(d -> {
          WebElement item = d.findElement(By.cssSelector(".item[data-id='" + conversation + "']"));
          if (!item.getText().contains("Where is order <b>42</b>?")) {
            return false;
          }
          item.click();
          return true;
        });
        WebElement reply = agentWait.until(d -> d.findElement(By.cssSelector("#composer textarea")));
        assertThat(inbox.findElement(By.id("thread")).getText()).contains("Where is order <b>42</b>?");
        reply.sendKeys("It left the warehouse this morning.");
        inbox.findElement(By.id("send-reply")).click();
        agentWait.until(d -> d.findElements(By.cssSelector("#thread .msg.OUT")).size() == 1);
        agentWait.until(d -> d.findElement(By.cssSelector("#composer textarea"))).sendKeys("VIP: check the courier");
        inbox.findElement(By.id("send-note")).click();
        agentWait.until(d -> d.findElements(By.cssSelector("#thread .msg.NOTE")).size() == 1);

        // the visitor sees the reply without a reload, and never the note
        wait.until(d -> widget.findElements(By.cssSelector(".msg.team")).size() == 1);
        assertThat(widget.findElement(By.cssSelector(".msg.team")).getText()).contains("Wanda").contains("It left the warehouse this morning.");
        chromium.screenshot("widget-2-agent-replied");
        agentBrowser.screenshot("inbox-1-replied");

        // the agent goes away for a moment: the switch sets their status
        inbox.findElement(By.id("available")).click();
        agentWait.until(d -> d.findElement(By.id("toast")).getText().contains("You are away"));
        assertThat(rest.getForObject("/api/agents", com.fasterxml.jackson.databind.JsonNode.class).toString()).contains("\"status\":\"away\"");
        inbox.findElement(By.id("available")).click();
        agentWait.until(d -> d.findElement(By.id("toast")).getText().contains("You are available"));

        // an admin, in the same inbox page, hands it to a colleague
        inbox.findElement(By.id("sign-out")).click();
        agentWait.until(d -> d.findElement(By.id("credential"))).sendKeys(dev.pulse.testing.TestStack.ADMIN_KEY, Keys.ENTER);
        agentWait.until(d -> d.findElement(By.id("me")).getText().contains("ADMIN"));
        new org.openqa.selenium.support.ui.Select(agentWait.until(d -> d.findElement(By.name("inbox")))).selectByValue("wbi-" + tag);
        agentWait.until(d -> {
          d.findElement(By.cssSelector(".item[data-id='" + conversation + "']")).click();
          return true;
        });
        new org.openqa.selenium.support.ui.Select(agentWait.until(d -> d.findElement(By.id("reassign")))).selectByValue("wb2-" + tag);
        agentWait.until(d -> d.findElement(By.id("conversation-assignee")).getText().contains("wb2-" + tag));
        assertThat(rest.getForObject("/api/conversations/" + conversation, com.fasterxml.jackson.databind.JsonNode.class).get("assignee_id").asText()).isEqualTo("wb2-" + tag);

        // another page of the site: the same visitor, the chat open again with its whole thread
        browser.get(origin + "/checkout");
        SearchContext again = wait.until(d -> d.findElement(By.id("pulse-chat-widget")).getShadowRoot());
        wait.until(d -> again.findElements(By.cssSelector(".msg.visitor, .msg.team")).size() == 2);
        List<String> thread = again.findElements(By.cssSelector(".msg.visitor, .msg.team")).stream().map(WebElement::getText).toList();
        assertThat(thread.get(0)).isEqualTo("Where is order <b>42</b>?");
        assertThat(thread.get(1)).contains("It left the warehouse this morning.");
        assertThat(String.join(" ", thread)).doesNotContain("VIP");
        // (another test's web survey may well show here: the shop's is answered, so it gives way)
        assertThat(again.findElements(By.cssSelector(".web-survey[data-survey='" + webSurvey + "']"))).as("the web survey is not asked again").isEmpty();
        assertThat(again.findElements(By.cssSelector(".consent"))).as("consent is asked once").isEmpty();
        assertThat(again.findElements(By.cssSelector(".cookies"))).as("the banner is answered once").isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT contact_id) FROM conversations WHERE channel_id = ?", Integer.class, "wbc-" + tag)).isEqualTo(1);

        // closed from the inbox: the widget says so
        inbox.findElement(By.id("close")).click();
        agentWait.until(d -> d.findElement(By.id("conversation-status")).getText().equals("CLOSED"));
        wait.until(d -> "CLOSED".equals(again.findElement(By.cssSelector(".panel")).getDomAttribute("data-status")));
        assertThat(again.findElement(By.cssSelector(".notice")).getText()).contains("closed");

        // the chat survey follows in the widget; the visitor answers; the answer counts in analytics
        WebElement question = wait.until(d -> again.findElement(By.cssSelector(".survey")));
        chromium.screenshot("widget-3-closed-survey");
        question.findElement(By.cssSelector("button[data-score='5']")).click();
        wait.until(d -> "true".equals(again.findElement(By.cssSelector(".survey")).getDomAttribute("data-answered")));
        assertThat(again.findElement(By.cssSelector(".survey")).getText()).isNotBlank();
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
        com.fasterxml.jackson.databind.JsonNode figures = rest.getForObject("/api/analytics/surveys?surveyId=" + survey + "&from=" + today + "&to=" + tomorrow,
            com.fasterxml.jackson.databind.JsonNode.class);
        assertThat(figures.at("/rows/0/answered").asInt()).isEqualTo(1);
        assertThat(figures.at("/rows/0/csat").asDouble()).isEqualTo(100.0);
        assertThat(jdbc.queryForObject("SELECT channel FROM responses WHERE survey_id = ?", String.class, survey)).isEqualTo("CHAT");
        agentBrowser.screenshot("inbox-2-closed");
      }
    } finally {
      shop.stop(0);
    }
  }
}
