package dev.pulse.surveys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.platform.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
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

  SurveyController(SurveyService surveys, StrictJson strict) {
    this.surveys = surveys;
    this.strict = strict;
  }

  @PostMapping
  @Operation(summary = "Create a survey (DRAFT); unknown fields and invalid values are refused naming the field")
  ResponseEntity<Survey> create(@RequestBody JsonNode body) {
    Survey survey = surveys.create(strict.read(body, SurveyInput.class));
    return ResponseEntity.created(URI.create("/api/surveys/" + survey.id())).body(survey);
  }

  @GetMapping
  List<Survey> all() {
    return surveys.all();
  }

  @GetMapping("/{id}")
  Survey get(@PathVariable String id) {
    return surveys.get(id);
  }

  @PutMapping("/{id}")
  @Operation(summary = "Replace a survey's definition (its delivery channel is fixed once created)")
  Survey update(@PathVariable String id, @RequestBody JsonNode body) {
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
  ResponseEntity<Survey> duplicate(@PathVariable String id) {
    Survey copy = surveys.duplicate(id);
    return ResponseEntity.created(URI.create("/api/surveys/" + copy.id())).body(copy);
  }

  @GetMapping("/{id}/enrollment")
  @Operation(summary = "Progress of enrolling the existing contacts: done of total, and how many were enrolled")
  SurveyRepository.Enrollment enrollment(@PathVariable String id) {
    return surveys.enrollment(id);
  }
}
