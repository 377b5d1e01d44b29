package dev.pulse.widget;

import jakarta.validation.Valid;
import dev.pulse.conversations.ConversationIntake;
import dev.pulse.conversations.VisitorConversations;
import dev.pulse.platform.audit.AuditLog;
import dev.pulse.platform.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The chat widget's endpoints, public and origin-checked ({@link WidgetOriginFilter}), and the
 * admin's set-up of the sites that embed it. A visitor proves who they are with the signed token
 * of their session ({@code X-Pulse-Visitor}, or {@code token} for the event stream, which a
 * browser's EventSource cannot give a header), and sees only their own conversation, never the
 * team's internal notes.
 */
@RestController
@Tag(name = "Chat widget")
class WidgetController {

  static final String VISITOR_HEADER = "X-Pulse-Visitor";

  private final WidgetSites sites;
  private final VisitorSessions sessions;
  private final VisitorConversations conversations;
  private final ConversationIntake intake;
  private final WidgetLive live;
  private final AuditLog audit;
  private final dev.pulse.chatflows.TargetingController targeting;
  private final dev.pulse.surveys.ConversationSurveys chatSurveys;
  private final dev.pulse.surveys.ResponseController responses;

  WidgetController(WidgetSites sites, VisitorSessions sessions, VisitorConversations conversations, ConversationIntake intake, WidgetLive live, AuditLog audit,
      dev.pulse.chatflows.TargetingController targeting, dev.pulse.surveys.ConversationSurveys chatSurveys, dev.pulse.surveys.ResponseController responses) {
    this.responses = responses;
    this.targeting = targeting;
    this.chatSurveys = chatSurveys;
    this.sites = sites;
    this.sessions = sessions;
    this.conversations = conversations;
    this.intake = intake;
    this.live = live;
    this.audit = audit;
  }

  @dev.pulse.platform.StrictBody
  record SiteInput(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 100) String channelId,
      @NotNull @NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 300) String> allowedOrigins) {}

  @PutMapping("/api/sites/{id}")
  @Operation(summary = "Create or replace a site that embeds the chat widget: its CHAT channel and the page origins (https://www.example.com) allowed to use it")
  WidgetSites.Site put(@PathVariable String id,
      @Valid @RequestBody SiteInput in) {
    WidgetSites.Site site = sites.save(id, in.name(), in.channelId(), in.allowedOrigins());
    audit.record("WIDGET_SITE", id, Map.of("channelId", site.channelId(), "allowedOrigins", site.allowedOrigins()));
    return site;
  }

  @GetMapping("/api/sites")
  @Operation(summary = "The sites that embed the chat widget")
  List<WidgetSites.Site> sites() {
    return sites.all();
  }

  @dev.pulse.platform.StrictBody
  record SessionInput(@Size(max = 400) String token) {}

  record SessionOut(String siteId, String visitorId, String token, Instant expiresAt, String inboxId, VisitorConversations.CustomerConversation conversation) {}

  @dev.pulse.platform.web.ApiDocumentation.Refuses({401, 403})
  @PostMapping("/api/widget/{siteId}/sessions")
  @Operation(summary = "A visitor's session: a new visitor, or the same one again (with the token they had) on every page; the token is signed and lasts 30 days")
  SessionOut session(@PathVariable String siteId, HttpServletRequest request,
      @Valid @RequestBody(required = false) SessionInput given) {
    WidgetSites.Site site = site(request);
    SessionInput in = given == null ? new SessionInput(null) : given;
    VisitorSessions.Session session = sessions.open(site.id(), in.token());
    return new SessionOut(site.id(), session.visitorId(), session.token(), session.expiresAt(), site.inboxId(),
        conversations.latestOfVisitor(site.channelId(), session.visitorId()).orElse(null));
  }

  @dev.pulse.platform.StrictBody
  record PageInput(@NotBlank @Size(max = 4000) String url, @Size(max = 4000) String referrer, @Size(max = 10) String device, @Size(max = 64) String timeZone,
      @Size(max = 2000) String identificationToken) {}

  @dev.pulse.platform.web.ApiDocumentation.Refuses({401, 403})
  @PostMapping("/api/widget/{siteId}/targeting")
  @Operation(summary = "Which chatflow and web survey this visitor sees on this page (as POST /api/targeting/evaluate), for the visitor of the session")
  dev.pulse.chatflows.TargetingController.Targeting page(@PathVariable String siteId, HttpServletRequest request, @RequestHeader(value = VISITOR_HEADER, required = false) String token,
      @io.swagger.v3.oas.annotations.Parameter(hidden = true) VisitorSessions.Session session, @Valid @RequestBody PageInput in) {
    return targeting.answer(dev.pulse.chatflows.TargetingController.forVisitor(in.url(), in.referrer(), in.device(), session.visitorId(), in.identificationToken(), in.timeZone()));
  }

  @dev.pulse.platform.StrictBody
  record MessageIn(@NotBlank(message = "is required: write something") @Size(max = 2000, message = "is at most 2,000 characters") String body,
      @Size(max = 100) String messageId, @Size(max = 100) String name, @Size(max = 100) String chatflowId, @Size(max = 10) Map<String, Boolean> consent) {}

  @dev.pulse.platform.web.ApiDocumentation.Refuses({401, 403})
  @PostMapping("/api/widget/{siteId}/messages")
  @Operation(summary = "The visitor writes: joins their open conversation or starts one on the site's chat channel; a repeated messageId is stored once")
  @dev.pulse.platform.web.ApiDocumentation.Answers({200, 202})
  ResponseEntity<ConversationIntake.Received> write(@PathVariable String siteId, HttpServletRequest request,
      @RequestHeader(value = VISITOR_HEADER, required = false) String token,
      @io.swagger.v3.oas.annotations.Parameter(hidden = true) VisitorSessions.Session session, @Valid @RequestBody MessageIn in) {
    WidgetSites.Site site = site(request);
    ConversationIntake.Received received = intake.receive(site.channelId(), new ConversationIntake.Inbound(in.messageId(),
        new ConversationIntake.From(null, null, session.visitorId(), in.name()), in.body(), in.consent() == null ? Map.of() : in.consent(), in.chatflowId(), null));
    return ResponseEntity.status(received.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(received);
  }

  record MessageOut(String id, String from, String author, String body, Instant at) {}

  record Thread(VisitorConversations.CustomerConversation conversation, List<MessageOut> messages) {}

  @dev.pulse.platform.web.ApiDocumentation.Refuses({401, 403})
  @GetMapping("/api/widget/{siteId}/messages")
  @Operation(summary = "The visitor's conversation: their messages and the team's replies (never internal notes), oldest first")
  Thread read(@PathVariable String siteId, HttpServletRequest request, @RequestHeader(value = VISITOR_HEADER, required = false) String token) {
    WidgetSites.Site site = site(request);
    VisitorSessions.Session session = visitor(site, token);
    return conversations.latestOfVisitor(site.channelId(), session.visitorId())
        .map(c -> new Thread(c, conversations.customerMessages(List.of(c.id()), Instant.EPOCH).stream().map(e -> message(e.getValue())).toList()))
        .orElse(new Thread(null, List.of()));
  }

  @dev.pulse.platform.web.ApiDocumentation.Refuses({401, 403})
  @PostMapping("/api/widget/{siteId}/events/tickets")
  @Operation(summary = "A ticket for the live stream's URL, good for a minute: the session token never goes in a URL (nor in an access log)")
  VisitorSessions.Ticket eventsTicket(@PathVariable String siteId, HttpServletRequest request,
      @RequestHeader(value = VISITOR_HEADER, required = false) String token) {
    return sessions.ticket(visitor(site(request), token));
  }

  @dev.pulse.platform.web.ApiDocumentation.Refuses({401, 403})
  @GetMapping(value = "/api/widget/{siteId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(summary = "Live: server-sent events 'message' (each message of the conversation, then each new one; the id is the message's) and 'status'."
      + " Opened with a ticket (POST .../events/tickets), asked for again on each reconnect. A reconnect starts with the whole conversation again:"
      + " skip the ids you have. (The session token as 'token' is still taken from widgets loaded before tickets existed.)")
  SseEmitter events(@PathVariable String siteId, HttpServletRequest request, @RequestParam(required = false) String ticket,
      @RequestParam(required = false) String token) {
    WidgetSites.Site site = site(request);
    VisitorSessions.Session session = ticket == null ? visitor(site, token) : sessions.verifyTicket(site.id(), ticket).orElseThrow(() ->
        new ErrorResponseException(HttpStatus.UNAUTHORIZED, ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
            "The stream ticket is not valid for site '" + site.id() + "' or has expired: ask for a new one (POST /api/widget/" + site.id() + "/events/tickets)"), null));
    return live.stream(site.channelId(), session.visitorId());
  }

  record SurveyOut(dev.pulse.surveys.ConversationSurveys.Pending survey) {}

  @dev.pulse.platform.web.ApiDocumentation.Refuses({401, 403})
  @GetMapping("/api/widget/{siteId}/survey")
  @Operation(summary = "The chat survey sent when the visitor's conversation closed (question, scale, answered or not); survey is null until one is sent")
  SurveyOut survey(@PathVariable String siteId, HttpServletRequest request, @RequestHeader(value = VISITOR_HEADER, required = false) String token) {
    WidgetSites.Site site = site(request);
    VisitorSessions.Session session = visitor(site, token);
    return new SurveyOut(conversations.latestOfVisitor(site.channelId(), session.visitorId()).flatMap(c -> chatSurveys.of(c.id())).orElse(null));
  }

  @dev.pulse.platform.StrictBody
  record SurveyAnswer(@NotNull Integer score, @Size(max = 2000, message = "is at most 2,000 characters") String comment) {}

  @dev.pulse.platform.web.ApiDocumentation.Refuses({401, 403, 410})
  @PostMapping("/api/widget/{siteId}/survey")
  @Operation(summary = "The visitor answers their conversation's chat survey: stored once (409 after that), the score checked against the scale; answers the thank-you")
  @dev.pulse.platform.web.ApiDocumentation.Answers({201})
  ResponseEntity<dev.pulse.surveys.ConversationSurveys.Answered> answer(@PathVariable String siteId, HttpServletRequest request,
      @RequestHeader(value = VISITOR_HEADER, required = false) String token,
      @io.swagger.v3.oas.annotations.Parameter(hidden = true) VisitorSessions.Session session, @Valid @RequestBody SurveyAnswer in) {
    WidgetSites.Site site = site(request);
    dev.pulse.surveys.ConversationSurveys.Pending pending = conversations.latestOfVisitor(site.channelId(), session.visitorId())
        .flatMap(c -> chatSurveys.of(c.id()))
        .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
            "There is no chat survey for your conversation (yet): it is sent when the conversation closes"), null));
    dev.pulse.surveys.ResponseService.Result result = chatSurveys.answer(pending.deliveryId(), in.score(), in.comment());
    return switch (result.outcome()) {
      case STORED -> ResponseEntity.status(HttpStatus.CREATED).body(chatSurveys.thanks(pending.surveyId(), in.score()));
      case SCORE_OUT_OF_RANGE -> throw StrictJson.invalidField("score", result.detail());
      case ALREADY_ANSWERED, NOT_OPEN -> throw new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, result.detail()), null);
      case EXPIRED -> throw new ErrorResponseException(HttpStatus.GONE, ProblemDetail.forStatusAndDetail(HttpStatus.GONE, result.detail()), null);
      case UNKNOWN_DELIVERY -> throw new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, result.detail()), null);
    };
  }

  @dev.pulse.platform.StrictBody
  record ContactDetails(@NotBlank @jakarta.validation.constraints.Email(message = "is not an email address") @Size(max = 254) String email,
      @Size(max = 100) String name) {}

  @dev.pulse.platform.web.ApiDocumentation.Refuses({401, 403})
  @PostMapping("/api/widget/{siteId}/contact")
  @Operation(summary = "The visitor leaves their email (the chatflow's email capture): kept on the visitor's contact. An email another contact already has"
      + " is kept only as what the visitor claims (properties.claimedEmail): a visitor proves nothing, so they are never joined to that contact. The answer"
      + " is the same either way, so it tells nobody which emails are known")
  @dev.pulse.platform.web.ApiDocumentation.Answers({204})
  ResponseEntity<Void> contact(@PathVariable String siteId, HttpServletRequest request, @RequestHeader(value = VISITOR_HEADER, required = false) String token,
      @io.swagger.v3.oas.annotations.Parameter(hidden = true) VisitorSessions.Session session, @Valid @RequestBody ContactDetails in) {
    conversations.visitorGaveEmail(session.visitorId(), in.email(), in.name());
    return ResponseEntity.noContent().build();
  }

  @dev.pulse.platform.StrictBody
  record WebSurveyShown(@NotBlank @Size(max = 2000) String token) {}

  @dev.pulse.platform.web.ApiDocumentation.Refuses({401, 403})
  @PostMapping("/api/widget/{siteId}/web-survey/shown")
  @Operation(summary = "The widget displayed the web survey it was served (as POST /api/targeting/web-surveys/shown); the frequency rules count it")
  @dev.pulse.platform.web.ApiDocumentation.Answers({204})
  ResponseEntity<Void> webSurveyShown(@PathVariable String siteId, HttpServletRequest request, @RequestHeader(value = VISITOR_HEADER, required = false) String token,
      @io.swagger.v3.oas.annotations.Parameter(hidden = true) VisitorSessions.Session session, @Valid @RequestBody WebSurveyShown in) {
    return targeting.shown(new dev.pulse.chatflows.TargetingController.ShownInput(in.token()));
  }

  @dev.pulse.platform.StrictBody
  record WebSurveyAnswer(@NotBlank @Size(max = 2000) String token, @NotNull Integer score, @Size(max = 5000) String comment) {}

  @dev.pulse.platform.web.ApiDocumentation.Refuses({401, 403, 410})
  @PostMapping("/api/widget/{siteId}/web-survey/answer")
  @Operation(summary = "The visitor answers the web survey they were served (with its token, as POST /api/responses, channel WEB); answers the thank-you of its bucket")
  @dev.pulse.platform.web.ApiDocumentation.Answers({201})
  ResponseEntity<dev.pulse.surveys.ConversationSurveys.Answered> webSurveyAnswer(@PathVariable String siteId, HttpServletRequest request,
      @RequestHeader(value = VISITOR_HEADER, required = false) String token,
      @io.swagger.v3.oas.annotations.Parameter(hidden = true) VisitorSessions.Session session, @Valid @RequestBody WebSurveyAnswer in) {
    com.fasterxml.jackson.databind.node.ObjectNode answer = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        .put("token", in.token()).put("score", in.score()).put("channel", "WEB");
    if (in.comment() != null) {
      answer.put("comment", in.comment());
    }
    dev.pulse.surveys.SurveyResponse stored = responses.answer(answer).getBody();
    return ResponseEntity.status(HttpStatus.CREATED).body(chatSurveys.thanks(stored.surveyId(), in.score()));
  }

  static MessageOut message(VisitorConversations.CustomerMessage m) {
    return new MessageOut(m.id(), "IN".equals(m.direction()) ? "visitor" : "team", m.author(), m.body(), m.at());
  }

  private static WidgetSites.Site site(HttpServletRequest request) {
    Object site = request.getAttribute(WidgetSites.Site.class.getName());
    if (site == null) {
      throw new IllegalStateException("the widget's origin filter did not run");
    }
    return (WidgetSites.Site) site;
  }

  private VisitorSessions.Session visitor(WidgetSites.Site site, String token) {
    return visitor(sessions, site, token);
  }

  /** The visitor of the session whose token the request carries, or a 401 saying how to get one. */
  static VisitorSessions.Session visitor(VisitorSessions sessions, WidgetSites.Site site, String token) {
    return sessions.verify(site.id(), token).orElseThrow(() -> new ErrorResponseException(HttpStatus.UNAUTHORIZED,
        ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, token == null
            ? "Open a session first (POST /api/widget/" + site.id() + "/sessions) and send its token in " + VISITOR_HEADER
            : "The visitor token is not valid for site '" + site.id() + "' or has expired: open a new session"), null));
  }
}
