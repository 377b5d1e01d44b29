package dev.pulse.conversations;

import dev.pulse.platform.Texts;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Mails an agent's reply in a team email conversation, as HubSpot's team email does: from the
 * channel's address (also Reply-To, so the customer's answer comes back to the inbox) under its
 * from-name (else the agent's name), subject "Re: " the conversation's, the channel's signature
 * below the text after the usual "-- " line. A reply that cannot be mailed keeps the reason on
 * the message ({@code error}); it is stored and on pulse.outbound-messages either way.
 */
@Component
class TeamEmailReplies {

  private static final Logger LOG = LoggerFactory.getLogger(TeamEmailReplies.class);
  private static final Texts TEXTS = InboxAvailability.TEXTS;

  /** What a reply mail says, before it is sent. */
  record Rendered(String fromAddress, String fromName, String to, String subject, String text) {}

  private final JavaMailSender mail;
  private final JdbcTemplate jdbc;
  private final String defaultFrom;

  TeamEmailReplies(JavaMailSender mail, JdbcTemplate jdbc, @Value("${pulse.mail.from:surveys@pulse.local}") String defaultFrom) {
    this.mail = mail;
    this.jdbc = jdbc;
    this.defaultFrom = defaultFrom;
  }

  static Rendered render(InboxModel.Channel channel, String channelName, String agentName, String to, String subject, String language, String body) {
    InboxModel.TeamEmail settings = channel == null ? null : channel.teamEmail();
    String address = settings != null && settings.address() != null ? settings.address() : null;
    String fromName = settings != null && settings.fromName() != null && !settings.fromName().isBlank() ? settings.fromName() : agentName;
    String subjectLine = subject != null && !subject.isBlank()
        ? (subject.regionMatches(true, 0, "Re:", 0, 3) ? subject : "Re: " + subject)
        : TEXTS.format(language, "email.subject", channelName == null ? fromName : channelName);
    String text = body;
    if (settings != null && settings.signature() != null && !settings.signature().isBlank()) {
      text = body + "\n\n-- \n" + settings.signature();
    }
    return new Rendered(address, fromName, to, subjectLine, text);
  }

  /** Sends the reply; false (and the reason on the message) when it could not be mailed. */
  boolean send(String messageId, String conversationId, Rendered r) {
    try {
      MimeMessage message = mail.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
      String from = r.fromAddress() == null ? defaultFrom : r.fromAddress();
      helper.setFrom(from, r.fromName());
      helper.setReplyTo(from, r.fromName());
      helper.setTo(r.to());
      helper.setSubject(r.subject());
      helper.setText(r.text(), false);
      message.setHeader("X-Pulse-Conversation", conversationId);
      mail.send(message);
      return true;
    } catch (Exception e) {
      String reason = "not mailed: " + e.getMessage();
      LOG.warn("The reply {} of conversation {} was not mailed to {}: {}", messageId, conversationId, r.to(), e.toString());
      jdbc.update("UPDATE messages SET error = ? WHERE id = ?", reason.length() > 1000 ? reason.substring(0, 1000) : reason, messageId);
      return false;
    }
  }

  static Map<String, Object> describe(Rendered r) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("fromName", r.fromName());
    out.put("fromAddress", r.fromAddress());
    out.put("to", r.to());
    out.put("subject", r.subject());
    out.put("text", r.text());
    return out;
  }
}
