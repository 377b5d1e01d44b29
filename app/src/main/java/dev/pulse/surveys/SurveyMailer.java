package dev.pulse.surveys;

import dev.pulse.crm.Contact;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Renders and sends survey mail over SMTP: the survey itself (one link per score), the reminder,
 * the team notification and the thank-you. Personalization tokens ({@link SurveyTokens}) take the
 * contact's, company's, owner's, agent's or survey's value, or the default after the bar. Default
 * texts come from the survey language's bundle ({@link SurveyTexts}). Every survey mail ends with
 * the sender's name and postal address and an unsubscribe link (also as {@code List-Unsubscribe},
 * one-click per RFC 8058).
 */
@Component
class SurveyMailer {

  /** Unsubscribe links do not expire (they can only unsubscribe), and so are the same in every mail to the contact. */
  static final Instant UNSUBSCRIBE_LINK_EXPIRY = Instant.parse("9999-12-31T00:00:00Z");

  private final JavaMailSender mail;
  private final String publicUrl;
  private final String defaultFrom;
  private final String companyName;
  private final String companyAddress;
  private final SurveyTokens tokens;
  private final AnswerLinks links;
  private final SurveyTemplates templates;

  SurveyMailer(
      JavaMailSender mail,
      SurveyTokens tokens,
      AnswerLinks links,
      SurveyTemplates templates,
      @Value("${pulse.public-url:http://127.0.0.1:8080}") String publicUrl,
      @Value("${pulse.mail.from:surveys@pulse.local}") String defaultFrom,
      @Value("${pulse.mail.company-name:}") String companyName,
      @Value("${pulse.mail.company-address:}") String companyAddress) {
    this.mail = mail;
    this.tokens = tokens;
    this.links = links;
    this.templates = templates;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.defaultFrom = defaultFrom;
    this.companyName = companyName;
    this.companyAddress = companyAddress;
  }

  String link(String token, int score) {
    return publicUrl + "/r/" + token + "?score=" + score;
  }

  /** The contact's unsubscribe link: a signed token naming the contact. */
  String unsubscribeLink(String contactId) {
    return publicUrl + "/u/" + links.token(UnsubscribeController.PREFIX + contactId, UNSUBSCRIBE_LINK_EXPIRY);
  }

  /** A rendered mail, ready to send or to show as a preview. */
  record Rendered(String from, String fromName, String subject, String text, String html, String unsubscribe) {}

  /**
   * The survey mail (or its reminder) of one delivery. Its Message-ID is the delivery's, so a copy
   * sent again after a crash is recognisably the same mail (and carries the same link).
   */
  void sendSurvey(Survey survey, Contact contact, String token, boolean reminder, String deliveryId, String agentId) {
    Rendered mail = renderSurvey(survey, contact, token, reminder, agentId);
    send(mail.from(), mail.fromName(), List.of(contact.email()), mail.subject(), mail.text(), mail.html(), messageId(deliveryId, reminder, mail.from()), mail.unsubscribe());
  }

  static String messageId(String deliveryId, boolean reminder, String from) {
    int at = from.lastIndexOf('@');
    String domain = at < 0 || at == from.length() - 1 ? "pulse.local" : from.substring(at + 1).replaceAll("[^A-Za-z0-9.-]", "");
    return "<delivery." + deliveryId + (reminder ? ".reminder" : "") + "@" + domain + ">";
  }

  /** A test send: the real mail, rendered as the chosen contact, its subject marked; its links answer a test send. */
  void sendTest(Survey survey, Contact asContact, String token, String to) {
    Rendered mail = renderSurvey(survey, asContact, token, false, null);
    String mark = SurveyTexts.get(Surveys.language(survey.definition()), "mail.test");
    send(mail.from(), mail.fromName(), List.of(to), mark + " " + mail.subject(), mail.text(), mail.html(), null, null);
  }

  Rendered renderSurvey(Survey survey, Contact contact, String token, boolean reminder, String agentId) {
    SurveyInput s = survey.definition();
    String lang = Surveys.language(s);
    SurveyTokens.Values values = tokens.values(survey, contact, agentId);
    SurveyInput.EmailSettings e = s.email() == null ? new SurveyInput.EmailSettings(null, null, null, null, null, null, null, null, null, null, null) : s.email();
    String subject = values.fill(e.subject() != null ? e.subject() : SurveyTexts.get(lang, "mail.subject"));
    if (reminder) {
      subject = SurveyTexts.get(lang, "mail.reminder") + " " + subject;
    }
    String accent = e.accentColor() != null ? e.accentColor() : "#2f6fed";
    // the parts are templates/mail/survey.html and survey.txt, with the same texts
    Map<String, Object> parts = new HashMap<>();
    parts.put("imageUrl", e.imageUrl());
    parts.put("accent", accent);
    parts.put("greeting", values.fill(e.greeting() != null ? e.greeting() : SurveyTexts.get(lang, "mail.greeting")));
    if (e.intro() != null) {
      parts.put("intro", values.fill(e.intro()));
    }
    parts.put("question", values.fill(Surveys.question(s)));
    List<ScoreLink> scoreLinks = new ArrayList<>();
    for (int score = s.type().min; score <= s.type().max; score++) {
      scoreLinks.add(new ScoreLink(score, link(token, score)));
    }
    parts.put("links", scoreLinks);
    if (e.body() != null) {
      parts.put("body", values.fill(e.body()));
    }
    // the footer: who sends this, from where, and how to stop it
    String name = values.fill(e.companyName() != null ? e.companyName() : companyName);
    String address = e.companyAddress() != null ? e.companyAddress() : companyAddress;
    String unsubscribe = unsubscribeLink(contact.id());
    if (name != null && !name.isBlank()) {
      parts.put("name", name);
    }
    if (address != null && !address.isBlank()) {
      parts.put("address", address);
      parts.put("addressLines", List.of(address.split("\n", -1)));
    }
    parts.put("unsubscribe", unsubscribe);
    String from = e.fromAddress() != null ? e.fromAddress() : defaultFrom;
    return new Rendered(from, values.fill(e.fromName()), subject, templates.renderText("mail/survey.txt", lang, parts), templates.render("mail/survey", lang, parts),
        unsubscribe);
  }

  /** A score's button in the mail. */
  record ScoreLink(int score, String url) {}

  void sendPlain(List<String> to, String subject, String text) {
    send(defaultFrom, "Pulse", to, subject, text, null, null, null);
  }

  private void send(String from, String fromName, List<String> to, String subject, String text, String html, String messageId, String unsubscribe) {
    try {
      MimeMessage message = mail.createMimeMessage();
      if (messageId != null) {
        message.setHeader("Message-ID", messageId); // kept by JavaMailSenderImpl through saveChanges()
      }
      if (unsubscribe != null) {
        message.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
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
}
