package dev.pulse.surveys;

import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

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
  private final SurveyTemplates templates;

  UnsubscribeController(AnswerLinks links, ContactService contacts, SurveyTemplates templates) {
    this.links = links;
    this.contacts = contacts;
    this.templates = templates;
  }

  @GetMapping(value = "/u/{token}", produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<String> open(@PathVariable String token) {
    Optional<Contact> contact = contact(token);
    String lang = SurveyTexts.base(contact.map(Contact::language).orElse("en"));
    if (contact.isEmpty()) {
      return invalid(lang);
    }
    return page(lang, token, false);
  }

  @PostMapping(value = "/u/{token}", produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<String> unsubscribe(@PathVariable String token) {
    Optional<Contact> contact = contact(token);
    String lang = SurveyTexts.base(contact.map(Contact::language).orElse("en"));
    if (contact.isEmpty() || !contacts.unsubscribe(contact.get().id(), "unsubscribe link")) {
      return invalid(lang);
    }
    return page(lang, token, true);
  }

  private Optional<Contact> contact(String token) {
    AnswerLinks.Verified link = links.verify(token);
    if (link.problem() != null || link.deliveryId() == null || !link.deliveryId().startsWith(PREFIX)) {
      return Optional.empty();
    }
    return contacts.find(link.deliveryId().substring(PREFIX.length()));
  }

  /** The page with the button, or once pressed, what it did. */
  private ResponseEntity<String> page(String lang, String token, boolean done) {
    Map<String, Object> page = new HashMap<>();
    page.put("heading", SurveyTexts.get(lang, "unsubscribe.heading"));
    page.put("token", token);
    page.put("done", done);
    return AnswerPageController.page(HttpStatus.OK, templates.render("unsubscribe", lang, page));
  }

  private ResponseEntity<String> invalid(String lang) {
    Map<String, Object> page = new HashMap<>();
    page.put("heading", SurveyTexts.get(lang, "page.invalid"));
    page.put("test", false);
    return AnswerPageController.page(HttpStatus.NOT_FOUND, templates.render("answer/message", lang, page));
  }
}
