package dev.pulse.chatflows;

import dev.pulse.platform.web.StrictJson;
import dev.pulse.surveys.Survey;
import dev.pulse.surveys.SurveyInput;
import dev.pulse.surveys.SurveyService;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Chatflows: define, replace, read, list and delete; every reference and page rule checked before it is kept. */
@RestController
@Tag(name = "Chatflows")
class ChatflowController {

  private final ChatflowRepository chatflows;
  private final SurveyService surveys;

  ChatflowController(ChatflowRepository chatflows, SurveyService surveys) {
    this.chatflows = chatflows;
    this.surveys = surveys;
  }

  @PostMapping("/api/chatflows")
  @Operation(summary = "Create a chatflow; 201 with its id")
  @dev.pulse.platform.web.ApiDocumentation.Answers({201})
  ResponseEntity<ChatflowRepository.Stored> create(
      @Valid @RequestBody ChatflowInput in) {
    String id = UUID.randomUUID().toString();
    chatflows.put(id, checked(in));
    return ResponseEntity.created(URI.create("/api/chatflows/" + id)).body(chatflows.find(id).orElseThrow());
  }

  @PutMapping("/api/chatflows/{id}")
  @Operation(summary = "Create or replace a chatflow under this id (201 when created)")
  @dev.pulse.platform.web.ApiDocumentation.Answers({200, 201})
  ResponseEntity<ChatflowRepository.Stored> put(@PathVariable String id,
      @Valid @RequestBody ChatflowInput in) {
    boolean created = chatflows.put(id, checked(in));
    return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(chatflows.find(id).orElseThrow());
  }

  @GetMapping("/api/chatflows/{id}")
  ChatflowRepository.Stored get(@PathVariable String id) {
    return chatflows.find(id).orElseThrow(() -> notFound(id));
  }

  @GetMapping("/api/chatflows")
  List<ChatflowRepository.Stored> all() {
    return chatflows.all();
  }

  @DeleteMapping("/api/chatflows/{id}")
  @dev.pulse.platform.web.ApiDocumentation.Answers({204})
  ResponseEntity<Void> delete(@PathVariable String id) {
    if (!chatflows.delete(id)) {
      throw notFound(id);
    }
    return ResponseEntity.noContent().build();
  }

  /** Checks what Bean Validation cannot: the inbox, the chat survey, the page rules. */
  private ChatflowInput checked(ChatflowInput in) {
    if (!chatflows.inboxExists(in.inboxId())) {
      throw StrictJson.invalidField("inboxId", "is not a known inbox");
    }
    if (in.chatSurveyId() != null) {
      Survey survey = survey(in.chatSurveyId()).orElseThrow(() -> StrictJson.invalidField("chatSurveyId", "is not a known survey"));
      if (survey.definition().delivery() != SurveyInput.Delivery.CHAT) {
        throw StrictJson.invalidField("chatSurveyId", "is a " + survey.definition().delivery() + " survey; a chatflow ends with a CHAT survey");
      }
    }
    if (in.display() != null && in.display().trigger() != null) {
      ChatflowInput.Trigger t = in.display().trigger();
      boolean needsValue = t.type() == ChatflowInput.TriggerType.SECONDS_ON_PAGE || t.type() == ChatflowInput.TriggerType.PERCENT_SCROLLED;
      if (needsValue && t.value() == null) {
        throw StrictJson.invalidField("display.trigger.value", "is required for " + t.type());
      }
      if (t.type() == ChatflowInput.TriggerType.PERCENT_SCROLLED && t.value() > 100) {
        throw StrictJson.invalidField("display.trigger.value", "is a percentage (0-100)");
      }
    }
    if (in.targeting() != null) {
      List<ChatflowInput.RuleGroup> groups = in.targeting().groups() == null ? List.of() : in.targeting().groups();
      for (int g = 0; g < groups.size(); g++) {
        List<ChatflowInput.UrlRule> rules = groups.get(g).rules();
        for (int r = 0; r < rules.size(); r++) {
          checkRule("targeting.groups[" + g + "].rules[" + r + "]", rules.get(r));
        }
      }
      List<ChatflowInput.UrlRule> exclusions = in.targeting().exclusions() == null ? List.of() : in.targeting().exclusions();
      for (int e = 0; e < exclusions.size(); e++) {
        checkRule("targeting.exclusions[" + e + "]", exclusions.get(e));
      }
      if (in.targeting().contactFilters() != null) {
        surveys.checkFilterGroups("targeting.contactFilters", in.targeting().contactFilters());
      }
    }
    return in;
  }

  private Optional<Survey> survey(String id) {
    try {
      return Optional.of(surveys.get(id));
    } catch (ErrorResponseException notFound) {
      return Optional.empty();
    }
  }

  /** A URL rule's value must be a URL or a path (wildcards {@code *} allowed) that parses; a parameter rule names its parameter. */
  private static void checkRule(String path, ChatflowInput.UrlRule rule) {
    if (rule.parameter() != null) {
      if (rule.parameter().isBlank() || !rule.parameter().matches("[A-Za-z0-9_.\\-\\[\\]]+")) {
        throw StrictJson.invalidField(path + ".parameter", "is not a query parameter name");
      }
      return;
    }
    String value = rule.value().strip();
    boolean partial = rule.operator() == ChatflowInput.UrlOperator.CONTAINS || rule.operator() == ChatflowInput.UrlOperator.DOES_NOT_CONTAIN
        || rule.operator() == ChatflowInput.UrlOperator.ENDS_WITH;
    if (partial) {
      if (value.chars().anyMatch(Character::isWhitespace)) {
        throw StrictJson.invalidField(path + ".value", "contains whitespace, which no URL does");
      }
      return;
    }
    try {
      URI uri = new URI(value.replace("*", "x"));
      if (uri.isAbsolute() && !(("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null)) {
        throw StrictJson.invalidField(path + ".value", "is not an http(s) URL with a host");
      }
      if (!uri.isAbsolute() && !value.startsWith("/") && !value.contains(".")) {
        throw StrictJson.invalidField(path + ".value", "is neither a URL nor a path starting with /");
      }
    } catch (URISyntaxException e) {
      throw StrictJson.invalidField(path + ".value", "is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
    }
  }

  private static ErrorResponseException notFound(String id) {
    return new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No chatflow '" + id + "'"), null);
  }
}
