package dev.pulse.surveys;

import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * The unsubscribe link at the foot of every survey mail. Opening it shows a button and changes
 * nothing (mail scanners open links); pressing it, or a mail client's one-click unsubscribe (a
 * POST, RFC 8058), sets the contact unsubscribed, which every survey's recipients rules respect.
 * The link is a signed token naming the contact; it does not expire.
 */
@Controller
class UnsubscribeController {

  static final String PREFIX = "unsubscribe:";

  private final AnswerLinks links;
  private final ContactService contacts;

  UnsubscribeController(AnswerLinks links, ContactService contacts) {
    this.links = links;
    this.contacts = contacts;
  }

  @GetMapping(value = "/u/{token}", produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<String> open(@PathVariable String token) {
    Optional<Contact> contact = contact(token);
    String lang = SurveyTexts.base(contact.map(Contact::language).orElse("en"));
    if (contact.isEmpty()) {
      return page(HttpStatus.NOT_FOUND, lang, SurveyTexts.get(lang, "page.invalid"), null);
    }
    String form = "<form method=\"post\" action=\"/u/" + esc(token) + "\"><p><button type=\"submit\">"
        + esc(SurveyTexts.get(lang, "unsubscribe.confirm")) + "</button></p></form>";
    return page(HttpStatus.OK, lang, SurveyTexts.get(lang, "unsubscribe.heading"), form);
  }

  @PostMapping(value = "/u/{token}", produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<String> unsubscribe(@PathVariable String token) {
    Optional<Contact> contact = contact(token);
    String lang = SurveyTexts.base(contact.map(Contact::language).orElse("en"));
    if (contact.isEmpty() || !contacts.unsubscribe(contact.get().id(), "unsubscribe link")) {
      return page(HttpStatus.NOT_FOUND, lang, SurveyTexts.get(lang, "page.invalid"), null);
    }
    return page(HttpStatus.OK, lang, SurveyTexts.get(lang, "unsubscribe.heading"), "<p>" + esc(SurveyTexts.get(lang, "unsubscribe.done")) + "</p>");
  }

  private Optional<Contact> contact(String token) {
    AnswerLinks.Verified link = links.verify(token);
    if (link.problem() != null || link.deliveryId() == null || !link.deliveryId().startsWith(PREFIX)) {
      return Optional.empty();
    }
    return contacts.find(link.deliveryId().substring(PREFIX.length()));
  }

  private static ResponseEntity<String> page(HttpStatus status, String lang, String heading, String body) {
    return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
        .body(AnswerPageController.html(lang, heading, body));
  }

  private static String esc(String s) {
    return HtmlUtils.htmlEscape(s == null ? "" : s, "UTF-8");
  }
}
