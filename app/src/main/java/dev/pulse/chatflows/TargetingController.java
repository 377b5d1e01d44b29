package dev.pulse.chatflows;

import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.pulse.conversations.InboxAvailability;
import dev.pulse.platform.web.StrictJson;
import dev.pulse.crm.VisitorIdentification;
import dev.pulse.platform.security.ApiKeys;
import dev.pulse.platform.security.Callers;
import dev.pulse.rules.CompiledRuleBase;
import dev.pulse.rules.RuleBases;
import dev.pulse.rules.RuleDomain;
import dev.pulse.chatflows.facts.AtCapacity;
import dev.pulse.chatflows.facts.Chatflow;
import dev.pulse.rules.facts.Chosen;
import dev.pulse.rules.facts.Device;
import dev.pulse.rules.facts.FilterGroup;
import dev.pulse.conversations.facts.InboxState;
import dev.pulse.conversations.facts.InboxStatus;
import dev.pulse.chatflows.facts.PageRule;
import dev.pulse.rules.facts.Show;
import dev.pulse.rules.facts.Visit;
import dev.pulse.chatflows.facts.WhenOffline;
import dev.pulse.surveys.AnswerLinks;
import dev.pulse.surveys.WebSurveys;
import org.springframework.http.ResponseEntity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The chat widget's question: on this page, for this visitor, which chatflow (if any) shows, how,
 * and what it says given the team's availability — decided by the targeting rules, with the
 * trace of why this one and why not the others.
 */
@RestController
@Tag(name = "Targeting")
public class TargetingController {

  @dev.pulse.platform.StrictBody
  public record EvaluateInput(
      @NotBlank @Size(max = 4000) String url,
      @Size(max = 4000) String referrer,
      @Pattern(regexp = "desktop|mobile|tablet", message = "must be desktop, mobile or tablet") String device,
      @NotBlank @Size(max = 200) String visitorId,
      @Size(max = 200) String contactId,
      @Size(max = 2000) String identificationToken,
      @Size(max = 64) String timeZone) {}

  /** What this visitor sees on this page: the chatflow and the web survey (either may be absent), and why. */
  @Schema(name = "TargetingAnswer")
  public record Targeting(
      String page,
      ShownChatflow chatflow,
      @Schema(description = "the web survey shown: its question, texts and answer token (as the survey's delivery serves it); for staff, why") Map<String, Object> webSurvey,
      boolean identified,
      Trace trace) {}

  /** The chosen chatflow as the widget shows it, with the team's availability in its language. */
  public record ShownChatflow(String id, String name, String inboxId, String language, String welcomeMessage, ChatflowInput.Heading heading,
      ChatflowInput.Display display, ChatflowInput.Trigger trigger, ChatflowInput.EmailCapture emailCapture, ChatflowInput.Consent consent,
      String chatSurveyId, Availability availability, String why) {}

  /** available, away, at_capacity or offline; the message to show; when offline, the next opening (also in the visitor's time zone and language). */
  @Schema(name = "ShownChatflowAvailability")
  public record Availability(String state, String message, java.time.Instant nextOpening, String nextOpeningLocal) {}

  /** The rule base's version; for staff callers also what was considered, decided and fired. */
  @Schema(name = "TargetingTrace")
  public record Trace(int rulesVersion, List<String> considered, List<String> decisions, List<String> firedRules) {}

  private final ChatflowRepository chatflows;
  private final InboxAvailability availability;
  private final RuleBases rules;
  private final StrictJson strict;
  private final WebSurveys webSurveys;
  private final AnswerLinks links;

  private final VisitorIdentification visitors;

  TargetingController(ChatflowRepository chatflows, InboxAvailability availability, RuleBases rules, StrictJson strict, WebSurveys webSurveys, AnswerLinks links,
      VisitorIdentification visitors) {
    this.visitors = visitors;
    this.webSurveys = webSurveys;
    this.links = links;
    this.chatflows = chatflows;
    this.availability = availability;
    this.rules = rules;
    this.strict = strict;
  }

  @PostMapping("/api/targeting/evaluate")
  @Operation(summary = "Which chatflow and which web survey this visitor sees on this page: display, trigger, availability message, consent texts,"
      + " the web survey's question and answer token, and the trace of why")
  public Targeting evaluate(@Valid @RequestBody EvaluateInput in) {
    return answer(in);
  }

  /** The visit of a widget session's visitor (who gives no contact id: only an identification token proves one). */
  public static EvaluateInput forVisitor(String url, String referrer, String device, String visitorId, String identificationToken, String timeZone) {
    return new EvaluateInput(url, referrer, device, visitorId, null, identificationToken, timeZone);
  }

  /** The answer for a visit (checked as the REST body is); the widget's own endpoint asks it for its session's visitor. */
  public Targeting answer(EvaluateInput in) {
    strict.validate(in);
    String contactId = contact(in);
    boolean staff = Callers.has(ApiKeys.Role.ADMIN) || Callers.has(ApiKeys.Role.ANALYST) || Callers.has(ApiKeys.Role.SERVICE);
    URI page = page(in.url());
    ZoneId zone = zone(in.timeZone());

    Visit visit = new Visit();
    visit.setVisitorId(in.visitorId());
    visit.setUrl(in.url());
    visit.setDevice(in.device() == null ? Device.DESKTOP : Device.of(in.device()));
    visit.setContactId(contactId);
    List<Object> facts = new ArrayList<>();
    facts.add(visit);
    WebSurveys.VisitorFacts web = webSurveys.facts(in.visitorId(), contactId);
    facts.addAll(web.facts());
    if (web.contact().isEmpty()) {
      visit.setContactId(null); // an id that names no contact is an unknown visitor
    }
    Site site = site();
    Map<String, ChatflowRepository.Stored> byId = site.byId();
    facts.addAll(site.facts());
    Map<String, InboxAvailability.Availability> inboxes =
        availability.of(byId.values().stream().map(c -> c.definition().inboxId()).distinct().toList(), zone);
    byId.values().stream().map(c -> c.definition().inboxId()).distinct()
        .forEach(id -> facts.add(new InboxState(id, inboxes.containsKey(id) ? InboxStatus.of(inboxes.get(id).state()) : InboxStatus.OFFLINE)));

    RuleBases.Evaluated result = rules.evaluate(RuleDomain.TARGETING, facts);
    CompiledRuleBase.Evaluation e = result.evaluation();
    List<Chosen> chosen = e.decisions(Chosen.class);
    ShownChatflow chatflow = chosen.stream().filter(c -> byId.containsKey(c.getId())).findFirst()
        .map(c -> shown(byId.get(c.getId()), inboxes.get(byId.get(c.getId()).definition().inboxId()), c, zone)).orElse(null);
    Map<String, Object> webSurvey = chosen.stream().filter(c -> web.byKey().containsKey(c.getId())).findFirst()
        .map(c -> {
          String trigger = e.decisions(Show.class).stream().filter(s -> s.getId().equals(c.getId())).map(Show::getTrigger).findFirst().orElse(null);
          Map<String, Object> served = new LinkedHashMap<>(webSurveys.serve(web.byKey().get(c.getId()), in.visitorId(), web.contact(), trigger, in.url()));
          if (staff) {
            served.put("why", c.getWhy());
          }
          return served;
        }).orElse(null);
    Trace trace = new Trace(result.version(), null, null, null);
    if (staff) {
      // the decisions name contacts, lists and answers: for the site's staff, not for a browser
      List<String> considered = new ArrayList<>(byId.keySet().stream().sorted().toList());
      considered.addAll(web.byKey().keySet());
      trace = new Trace(result.version(), considered, e.described(), e.firedRules());
    }
    return new Targeting(page.toString(), chatflow, webSurvey, web.contact().isPresent(), trace);
  }

  /**
   * The contact this visitor is proven to be: the one an identification token names, or, for a
   * staff or service caller (a key or token with ADMIN, ANALYST or SERVICE), the contact id it
   * gives. A browser's bare contact id proves nothing and is refused, so nobody can be served
   * (and answer) another contact's survey.
   */
  private String contact(EvaluateInput in) {
    if (in.identificationToken() != null) {
      String identified = visitors.verify(in.identificationToken()).orElseThrow(() ->
          StrictJson.invalidField("identificationToken", "is not valid or has expired; the host page's backend gets a new one from POST /api/visitor-identification"));
      if (in.contactId() != null && !in.contactId().equals(identified)) {
        throw StrictJson.invalidField("contactId", "differs from the contact the identificationToken names");
      }
      return identified;
    }
    if (in.contactId() == null) {
      return null;
    }
    if (Callers.has(ApiKeys.Role.ADMIN) || Callers.has(ApiKeys.Role.ANALYST) || Callers.has(ApiKeys.Role.SERVICE)) {
      return in.contactId();
    }
    throw StrictJson.invalidField("contactId", "is accepted only with an identificationToken naming that contact (the host page's backend gets one from"
        + " POST /api/visitor-identification with a SERVICE key); an anonymous visitor sends visitorId alone");
  }

  /** The enabled chatflows and their facts, as of a version of the chatflows table. */
  private record Site(String version, Map<String, ChatflowRepository.Stored> byId, List<Object> facts) {}

  private volatile Site site;

  /**
   * The chatflows, read again only when one changed (a cheap version query per call, so every
   * replica sees an edit at once). The facts are shared by concurrent evaluations; no targeting
   * rule modifies them.
   */
  private Site site() {
    String version = chatflows.version();
    Site current = site;
    if (current != null && current.version().equals(version)) {
      return current;
    }
    Map<String, ChatflowRepository.Stored> byId = new HashMap<>();
    List<Object> facts = new ArrayList<>();
    for (ChatflowRepository.Stored stored : chatflows.all()) {
      if (Boolean.TRUE.equals(stored.definition().enabled())) {
        byId.put(stored.id(), stored);
        facts.addAll(facts(stored.id(), stored.definition()));
      }
    }
    Site loaded = new Site(version, Map.copyOf(byId), List.copyOf(facts));
    site = loaded;
    return loaded;
  }

  @dev.pulse.platform.StrictBody
  public record ShownInput(@NotBlank @Size(max = 2000) String token) {}

  @PostMapping("/api/targeting/web-surveys/shown")
  @Operation(summary = "The widget displayed the web survey it was served (its trigger fired); the frequency rules count this")
  @dev.pulse.platform.web.ApiDocumentation.Answers({204})
  public ResponseEntity<Void> shown(
      @Valid @RequestBody ShownInput in) {
    AnswerLinks.Verified link = links.verify(in.token());
    if (link.problem() != null) {
      throw StrictJson.invalidField("token", link.problem() == AnswerLinks.Problem.EXPIRED ? "has expired" : "is not a valid web-survey token");
    }
    if (!webSurveys.shown(link.deliveryId())) {
      throw StrictJson.invalidField("token", "names no web survey served to a visitor");
    }
    return ResponseEntity.noContent().build();
  }

  /** A stored chatflow as the targeting rules see it: the flow and one fact per page rule. */
  static List<Object> facts(String id, ChatflowInput c) {
    List<Object> facts = new ArrayList<>();
    Chatflow flow = new Chatflow();
    flow.setId(id);
    flow.setEnabled(Boolean.TRUE.equals(c.enabled()));
    flow.setPriority(c.priority() == null ? 100 : c.priority());
    flow.setInboxId(c.inboxId());
    flow.setHideOnMobile(c.targeting() != null && Boolean.TRUE.equals(c.targeting().hideOnMobile()));
    if (c.targeting() != null) {
      flow.setVisitors(c.targeting().visitors() == null ? dev.pulse.chatflows.facts.Visitors.ALL : dev.pulse.chatflows.facts.Visitors.of(c.targeting().visitors().name()));
      flow.setListIds(c.targeting().listIds() == null ? null : new java.util.HashSet<>(c.targeting().listIds()));
      List<FilterGroup> groups = new ArrayList<>();
      if (c.targeting().contactFilters() != null) {
        for (var g : c.targeting().contactFilters()) {
          groups.add(g.toFact(groups.size()));
        }
      }
      flow.setContactFilters(groups);
    }
    if (c.availability() != null) {
      flow.setWhenOffline(c.availability().whenOffline() == null ? null : WhenOffline.of(c.availability().whenOffline().name()));
      flow.setAtCapacity(c.availability().atCapacity() == null ? null : AtCapacity.of(c.availability().atCapacity().name()));
    }
    facts.add(flow);
    if (c.targeting() != null) {
      List<ChatflowInput.RuleGroup> groups = c.targeting().groups() == null ? List.of() : c.targeting().groups();
      for (int g = 0; g < groups.size(); g++) {
        for (ChatflowInput.UrlRule r : groups.get(g).rules()) {
          facts.add(new PageRule(id, g, false, PageRule.Operator.valueOf(r.operator().name()), r.value(), r.parameter()));
        }
      }
      if (c.targeting().exclusions() != null) {
        for (ChatflowInput.UrlRule r : c.targeting().exclusions()) {
          facts.add(new PageRule(id, -1, true, PageRule.Operator.valueOf(r.operator().name()), r.value(), r.parameter()));
        }
      }
    }
    return facts;
  }

  /**
   * What the widget needs to show the chosen chatflow. The system texts (typical reply time, back
   * at, and the away and waiting messages when the flow has none of its own) are in the flow's
   * language, from the bundles, with the day in that language and the visitor's time zone.
   */
  private static ShownChatflow shown(ChatflowRepository.Stored stored, InboxAvailability.Availability a, Chosen chosen, ZoneId zone) {
    ChatflowInput c = stored.definition();
    ChatflowInput.Trigger trigger = c.display() == null || c.display().trigger() == null
        ? new ChatflowInput.Trigger(ChatflowInput.TriggerType.IMMEDIATE, null) : c.display().trigger();
    String state = a == null ? "offline" : a.state();
    ChatflowInput.Availability behaviour = c.availability();
    String language = c.language() == null ? "en" : c.language();
    var texts = InboxAvailability.TEXTS;
    String away = behaviour != null && behaviour.awayMessage() != null ? behaviour.awayMessage() : texts.get(language, "chat.away");
    Availability availability = switch (state) {
      case "available" -> new Availability(state,
          behaviour == null || behaviour.typicalReplyTime() == null ? null : texts.format(language, "chat.typicalReply", behaviour.typicalReplyTime()), null, null);
      case "away" -> new Availability(state, away, null, null);
      case "at_capacity" -> new Availability(state, behaviour == null || behaviour.atCapacity() != ChatflowInput.AtCapacity.WAITING_MESSAGE ? null
          : behaviour.waitingMessage() != null ? behaviour.waitingMessage() : texts.get(language, "chat.waiting"), null, null);
      default -> {
        boolean returnTime = behaviour == null || behaviour.whenOffline() == null || behaviour.whenOffline() == ChatflowInput.WhenOffline.RETURN_TIME;
        String local = a == null ? null : InboxAvailability.nextOpeningLocal(a.nextOpening(), zone, language);
        yield new Availability(state, returnTime ? (local == null ? away : texts.format(language, "chat.backAt", local)) : away,
            a == null ? null : a.nextOpening(), local);
      }
    };
    return new ShownChatflow(stored.id(), c.name(), c.inboxId(), c.language(), c.welcomeMessage(), c.heading(), c.display(), trigger, c.emailCapture(),
        c.consent(), c.chatSurveyId(), availability, chosen.getWhy());
  }

  private static URI page(String url) {
    try {
      URI uri = new URI(url.strip());
      if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https")) || uri.getHost() == null) {
        throw StrictJson.invalidField("url", "is not an http(s) URL with a host");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw StrictJson.invalidField("url", "is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
    }
  }

  private static ZoneId zone(String timeZone) {
    if (timeZone == null) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timeZone);
    } catch (Exception e) {
      throw StrictJson.invalidField("timeZone", "is not a time zone such as Europe/Berlin");
    }
  }
}
