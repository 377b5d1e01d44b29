package dev.pulse.surveys;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.crm.Contact;
import dev.pulse.crm.ContactService;
import dev.pulse.platform.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Surveys over REST: define, publish, unpublish, clone, follow the enrollment. */
@RestController
@RequestMapping("/api/surveys")
@Tag(name = "Surveys")
class SurveyController {

  private final SurveyService surveys;
  private final StrictJson strict;
  private final ContactService contacts;

  SurveyController(SurveyService surveys, StrictJson strict, ContactService contacts) {
    this.surveys = surveys;
    this.strict = strict;
    this.contacts = contacts;
  }

  @PostMapping
  @Operation(summary = "Create a survey (DRAFT); unknown fields and invalid values are refused naming the field")
  @dev.pulse.platform.web.ApiDocumentation.Answers({201})
  ResponseEntity<Survey> create(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SurveyInput.class))) @RequestBody JsonNode body) {
    Survey survey = surveys.create(strict.read(body, SurveyInput.class));
    return ResponseEntity.created(URI.create("/api/surveys/" + survey.id())).body(survey);
  }

  @GetMapping
  List<Survey> all() {
    return surveys.all();
  }

  @GetMapping("/tokens")
  @Operation(summary = "The personalization tokens survey texts may use, {{object.property|default}}, by object (contact, company, owner, agent, survey)")
  Tokens tokens() {
    Map<String, java.util.Set<String>> offered = surveys.tokens();
    return new Tokens(offered.get("contact"), offered.get("company"), offered.get("owner"), offered.get("agent"), offered.get("survey"));
  }

  /** The properties a text may name, {@code {{object.property}}}, by object. */
  record Tokens(java.util.Set<String> contact, java.util.Set<String> company, java.util.Set<String> owner, java.util.Set<String> agent,
      java.util.Set<String> survey) {}

  @GetMapping("/{id}")
  Survey get(@PathVariable String id) {
    return surveys.get(id);
  }

  @PutMapping("/{id}")
  @Operation(summary = "Replace a survey's definition (its delivery channel is fixed once created)")
  Survey update(@PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SurveyInput.class))) @RequestBody JsonNode body) {
    return surveys.update(id, strict.read(body, SurveyInput.class));
  }

  @PostMapping("/{id}/publish")
  @Operation(summary = "Publish: matching existing contacts are enrolled in the background (see /enrollment), later matches as they change")
  Survey publish(@PathVariable String id) {
    return surveys.publish(id);
  }

  @PostMapping("/{id}/unpublish")
  Survey unpublish(@PathVariable String id) {
    return surveys.unpublish(id);
  }

  @PostMapping("/{id}/clone")
  @dev.pulse.platform.web.ApiDocumentation.Answers({201})
  ResponseEntity<Survey> duplicate(@PathVariable String id) {
    Survey copy = surveys.duplicate(id);
    return ResponseEntity.created(URI.create("/api/surveys/" + copy.id())).body(copy);
  }

  record ConversationInput(Boolean agentReplied, Boolean customerWrote, Boolean autoClosed) {}

  record TriggerInput(
      @NotBlank String contactId,
      String conversationId,
      String agentId,
      String teamId,
      @Valid ConversationInput conversation) {}

  @PostMapping("/{id}/deliveries")
  @Operation(summary = "Send the survey to one contact now (e.g. when a chat closes): 201 with the delivery, or 200 with the rule that said no")
  @dev.pulse.platform.web.ApiDocumentation.Answers({200, 201})
  ResponseEntity<SurveyEnrollment.Triggered> trigger(@PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = TriggerInput.class))) @RequestBody JsonNode body) {
    TriggerInput in = strict.read(body, TriggerInput.class);
    Contact contact = contacts.find(in.contactId()).orElseThrow(() -> StrictJson.invalidField("contactId", "is not a known contact"));
    Map<String, Object> conversation = null;
    if (in.conversation() != null) {
      conversation = new LinkedHashMap<>();
      conversation.put("agentReplied", Boolean.TRUE.equals(in.conversation().agentReplied()));
      conversation.put("customerWrote", Boolean.TRUE.equals(in.conversation().customerWrote()));
      conversation.put("autoClosed", Boolean.TRUE.equals(in.conversation().autoClosed()));
    }
    SurveyEnrollment.Triggered result = surveys.trigger(id, contact, in.conversationId(), in.agentId(), in.teamId(), conversation);
    return ResponseEntity.status(result.eligible() ? HttpStatus.CREATED : HttpStatus.OK).body(result);
  }

  @GetMapping("/{id}/enrollment")
  @Operation(summary = "Progress of enrolling the existing contacts: done of total, and how many were enrolled")
  SurveyRepository.Enrollment enrollment(@PathVariable String id) {
    return surveys.enrollment(id);
  }
}
