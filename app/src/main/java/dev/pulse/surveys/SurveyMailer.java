package dev.pulse.surveys;

import dev.pulse.crm.Contact;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders and sends survey mail over SMTP: the survey itself (one link per score), the reminder,
 * the team notification and the thank-you. Personalization tokens such as
 * {@code {{contact.firstname|there}}} take the contact's value or the default after the bar.
 */
@Component
class SurveyMailer {

  private static final Pattern TOKEN = Pattern.compile("\\{\\{\\s*contact\\.([A-Za-z0-9_]+)\\s*(?:\\|([^}]*))?}}");

  private final JavaMailSender mail;
  private final String publicUrl;
  private final String defaultFrom;

  SurveyMailer(JavaMailSender mail, @Value("${pulse.public-url:http://127.0.0.1:8080}") String publicUrl, @Value("${pulse.mail.from:surveys@pulse.local}") String defaultFrom) {
    this.mail = mail;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.defaultFrom = defaultFrom;
  }

  String link(String token, int score) {
    return publicUrl + "/r/" + token + "?score=" + score;
  }

  /** A rendered mail, ready to send or to show as a preview. */
  record Rendered(String from, String fromName, String subject, String text, String html) {}

  /**
   * The survey mail (or its reminder) of one delivery. Its Message-ID is the delivery's, so a copy
   * sent again after a crash is recognisably the same mail (and carries the same link).
   */
  void sendSurvey(Survey survey, Contact contact, String token, boolean reminder, String deliveryId) {
    Rendered mail = renderSurvey(survey, contact, token, reminder);
    send(mail.from(), mail.fromName(), List.of(contact.email()), mail.subject(), mail.text(), mail.html(), messageId(deliveryId, reminder, mail.from()));
  }

  static String messageId(String deliveryId, boolean reminder, String from) {
    int at = from.lastIndexOf('@');
    String domain = at < 0 || at == from.length() - 1 ? "pulse.local" : from.substring(at + 1).replaceAll("[^A-Za-z0-9.-]", "");
    return "<delivery." + deliveryId + (reminder ? ".reminder" : "") + "@" + domain + ">";
  }

  void sendTest(Survey survey, Contact asContact, String token, String to) {
    Rendered mail = renderSurvey(survey, asContact, token, false);
    send(mail.from(), mail.fromName(), List.of(to), "[Test] " + mail.subject(), mail.text(), mail.html(), null);
  }

  Rendered renderSurvey(Survey survey, Contact contact, String token, boolean reminder) {
    SurveyInput s = survey.definition();
    SurveyInput.EmailSettings e = s.email() == null ? new SurveyInput.EmailSettings(null, null, null, null, null, null, null, null, null, null) : s.email();
    String subject = personalize(e.subject() != null ? e.subject() : "How did we do?", contact);
    if (reminder) {
      subject = "Reminder: " + subject;
    }
    String accent = e.accentColor() != null ? e.accentColor() : "#2f6fed";
    StringBuilder html = new StringBuilder("<html><body style=\"font-family:sans-serif\">");
    StringBuilder text = new StringBuilder();
    if (e.imageUrl() != null) {
      html.append("<img src=\"").append(esc(e.imageUrl())).append("\" alt=\"\" style=\"max-width:200px\">");
    }
    String greeting = personalize(e.greeting() != null ? e.greeting() : Surveys.language(s).startsWith("de") ? "Hallo {{contact.firstname|}}," : "Hi {{contact.firstname|there}},", contact);
    html.append("<p>").append(esc(greeting)).append("</p>");
    text.append(greeting).append("\n\n");
    if (e.intro() != null) {
      String intro = personalize(e.intro(), contact);
      html.append("<p>").append(esc(intro)).append("</p>");
      text.append(intro).append("\n\n");
    }
    String question = personalize(Surveys.question(s), contact);
    html.append("<p><strong>").append(esc(question)).append("</strong></p><p>");
    text.append(question).append("\n");
    for (int score = s.type().min; score <= s.type().max; score++) {
      String link = link(token, score);
      html.append("<a href=\"").append(esc(link)).append("\" style=\"display:inline-block;padding:8px 12px;margin:2px;background:")
          .append(accent).append(";color:#fff;text-decoration:none;border-radius:4px\">").append(score).append("</a>");
      text.append(score).append(": ").append(link).append("\n");
    }
    html.append("</p>");
    if (e.body() != null) {
      String body = personalize(e.body(), contact);
      html.append("<p>").append(esc(body)).append("</p>");
      text.append("\n").append(body).append("\n");
    }
    if (e.companyName() != null) {
      html.append("<p style=\"color:#888\">").append(esc(e.companyName())).append("</p>");
    }
    html.append("</body></html>");
    String from = e.fromAddress() != null ? e.fromAddress() : defaultFrom;
    return new Rendered(from, e.fromName(), subject, text.toString(), html.toString());
  }

  void sendPlain(List<String> to, String subject, String text) {
    send(defaultFrom, "Pulse", to, subject, text, null, null);
  }

  private void send(String from, String fromName, List<String> to, String subject, String text, String html, String messageId) {
    try {
      MimeMessage message = mail.createMimeMessage();
      if (messageId != null) {
        message.setHeader("Message-ID", messageId); // kept by JavaMailSenderImpl through saveChanges()
      }
      MimeMessageHelper helper = new MimeMessageHelper(message, html != null, "UTF-8");
      if (fromName != null) {
        helper.setFrom(from, fromName);
      } else {
        helper.setFrom(from);
      }
      helper.setTo(to.toArray(String[]::new));
      helper.setSubject(subject);
      if (html != null) {
        helper.setText(text, html);
      } else {
        helper.setText(text);
      }
      mail.send(message);
    } catch (MessagingException | java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException("cannot build the mail '" + subject + "': " + e.getMessage(), e);
    }
  }

  /** Replaces {@code {{contact.x|default}}} with the contact's value, or the default. */
  static String personalize(String template, Contact contact) {
    Map<String, Object> props = contact.properties();
    Matcher m = TOKEN.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      Object value =
          switch (name) {
            case "firstname" -> contact.firstname();
            case "lastname" -> contact.lastname();
            case "email" -> contact.email();
            default -> props == null ? null : props.get(name);
          };
      String replacement = value == null || String.valueOf(value).isBlank() ? (m.group(2) == null ? "" : m.group(2).trim()) : String.valueOf(value);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String esc(String s) {
    return HtmlUtils.htmlEscape(s, "UTF-8");
  }
}
