package dev.pulse.platform.dev;

import dev.pulse.platform.embedded.EmbeddedMailServer;
import dev.pulse.platform.embedded.EmbeddedStack;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * In embedded mode, the mail Pulse sent, as the local SMTP server received it: so an evaluator
 * sees the survey emails, their links and the team notifications without a real mail server.
 */
@RestController
@Tag(name = "Development")
class DevMailboxController {

  private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+");

  record Mail(String messageId, String from, List<String> to, String subject, String text, String html, List<String> links, Instant receivedAt) {}

  private final ObjectProvider<EmbeddedStack> stack;

  DevMailboxController(ObjectProvider<EmbeddedStack> stack) {
    this.stack = stack;
  }

  @GetMapping("/api/dev/mailbox")
  @Operation(summary = "Mail received by the embedded SMTP server (embedded mode only), oldest first")
  List<Mail> mailbox() throws MessagingException, IOException {
    EmbeddedStack embedded = stack.getIfAvailable();
    EmbeddedMailServer server = embedded == null ? null : embedded.mail();
    if (server == null) {
      throw new ErrorResponseException(HttpStatus.NOT_FOUND,
          ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "The mailbox exists in embedded mode only; mail goes to the configured SMTP server"), null);
    }
    List<Mail> mails = new ArrayList<>();
    for (MimeMessage m : server.received()) {
      StringBuilder text = new StringBuilder();
      StringBuilder html = new StringBuilder();
      collect(m, text, html);
      List<String> links = new ArrayList<>();
      Matcher matcher = LINK.matcher(text.isEmpty() ? html : text);
      while (matcher.find()) {
        links.add(matcher.group().replace("&amp;", "&"));
      }
      mails.add(new Mail(
          m.getMessageID(),
          m.getFrom() == null || m.getFrom().length == 0 ? null : m.getFrom()[0].toString(),
          m.getRecipients(Message.RecipientType.TO) == null ? List.of() : Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Address::toString).toList(),
          m.getSubject(),
          text.toString(),
          html.isEmpty() ? null : html.toString(),
          links,
          m.getReceivedDate() == null ? (m.getSentDate() == null ? null : m.getSentDate().toInstant()) : m.getReceivedDate().toInstant()));
    }
    return mails;
  }

  private static void collect(Part part, StringBuilder text, StringBuilder html) throws MessagingException, IOException {
    if (part.isMimeType("text/plain")) {
      text.append(part.getContent());
    } else if (part.isMimeType("text/html")) {
      html.append(part.getContent());
    } else if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart body = multipart.getBodyPart(i);
        collect(body, text, html);
      }
    }
  }

}
