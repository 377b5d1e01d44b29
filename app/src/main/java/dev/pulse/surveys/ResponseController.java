package dev.pulse.surveys;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.platform.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Answers from chat and web clients (which hold the delivery's signed token), and reading them back. */
@RestController
@Tag(name = "Responses")
public class ResponseController {

  private final ResponseService responses;
  private final AnswerLinks links;
  private final StrictJson strict;

  ResponseController(ResponseService responses, AnswerLinks links, StrictJson strict) {
    this.responses = responses;
    this.links = links;
    this.strict = strict;
  }

  record AnswerInput(
      @NotBlank String token,
      @NotNull Integer score,
      @Size(max = 5000) String comment,
      Map<String, Boolean> consent,
      @Pattern(regexp = "EMAIL|CHAT|WEB") String channel) {}

  @PostMapping("/api/responses")
  @Operation(summary = "Answer a survey with its delivery's token; stored once, a second answer is refused (409)")
  @dev.pulse.platform.web.ApiDocumentation.Answers({201})
  public ResponseEntity<SurveyResponse> answer(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = AnswerInput.class))) @RequestBody JsonNode body) {
    AnswerInput input = strict.read(body, AnswerInput.class);
    AnswerLinks.Verified link = links.verify(input.token());
    if (link.problem() == AnswerLinks.Problem.INVALID) {
      throw problem(HttpStatus.BAD_REQUEST, "The token is not valid", "token");
    }
    if (link.problem() == AnswerLinks.Problem.EXPIRED) {
      throw problem(HttpStatus.GONE, "The survey has closed: its response window ended", "token");
    }
    if (link.deliveryId().startsWith(TestSends.PREFIX) || link.deliveryId().startsWith(UnsubscribeController.PREFIX)) {
      throw problem(HttpStatus.BAD_REQUEST, "The token is not a delivery's: a test send is answered on its page (/r/{token}) and is never a response", "token");
    }
    ResponseService.Result result =
        responses.submit(link.deliveryId(), input.score(), input.comment(), input.consent(), input.channel() == null ? "WEB" : input.channel());
    return switch (result.outcome()) {
      case STORED -> ResponseEntity.status(HttpStatus.CREATED).body(result.response());
      case SCORE_OUT_OF_RANGE -> throw problem(HttpStatus.BAD_REQUEST, result.detail(), "score");
      case ALREADY_ANSWERED, NOT_OPEN -> throw problem(HttpStatus.CONFLICT, result.detail(), null);
      case EXPIRED -> throw problem(HttpStatus.GONE, result.detail(), null);
      case UNKNOWN_DELIVERY -> throw problem(HttpStatus.NOT_FOUND, result.detail(), "token");
    };
  }

  @GetMapping("/api/responses/{deliveryId}")
  SurveyResponse get(@PathVariable String deliveryId) {
    return responses.find(deliveryId).orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "No response for delivery '" + deliveryId + "'", null));
  }

  private static ErrorResponseException problem(HttpStatus status, String detail, String field) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    if (field != null) {
      p.setProperty("field", field);
    }
    return new ErrorResponseException(status, p, null);
  }
}
