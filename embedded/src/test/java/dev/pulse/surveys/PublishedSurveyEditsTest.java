package dev.pulse.surveys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.testing.PulseStackTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * Links already sent ask on the scale the survey had then: once published, a survey's type cannot
 * change (409 naming the field, and saying to clone it), so a CSAT 5 can never be scored as an
 * NPS 5. A draft may change freely, and texts of a published survey may change (for new sends).
 */
class PublishedSurveyEditsTest extends PulseStackTest {

  @Test
  void aPublishedSurveysTypeCannotChangeButItsTextsCan() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String draft = "{\"name\":\"Edits " + tag + "\",\"type\":\"%s\",\"delivery\":\"WEB\",\"webTargeting\":{\"pages\":[\"edits-" + tag + ".example/*\"]}%s}";
    String id = postJson("/api/surveys", draft.formatted("CSAT", "")).getBody().get("id").asText();
    assertThat(putJson("/api/surveys/" + id, draft.formatted("NPS", "")).getStatusCode().value()).as("a draft changes freely").isEqualTo(200);
    assertThat(putJson("/api/surveys/" + id, draft.formatted("CSAT", "")).getStatusCode().value()).isEqualTo(200);
    assertThat(postJson("/api/surveys/" + id + "/publish", "{}").getStatusCode().value()).isEqualTo(200);

    ResponseEntity<JsonNode> retyped = putJson("/api/surveys/" + id, draft.formatted("NPS", ""));
    assertThat(retyped.getStatusCode().value()).as(String.valueOf(retyped.getBody())).isEqualTo(409);
    assertThat(retyped.getBody().get("field").asText()).isEqualTo("type");
    assertThat(retyped.getBody().get("detail").asText()).contains("/clone");
    assertThat(rest.getForObject("/api/surveys/" + id, JsonNode.class).at("/definition/type").asText()).isEqualTo("CSAT");

    // unpublished is still published once: its links are out there
    postJson("/api/surveys/" + id + "/unpublish", "{}");
    assertThat(putJson("/api/surveys/" + id, draft.formatted("NPS", "")).getStatusCode().value()).isEqualTo(409);

    ResponseEntity<JsonNode> reworded = putJson("/api/surveys/" + id, draft.formatted("CSAT", ",\"followUpQuestion\":{\"unhappy\":\"What went wrong, really?\"}"));
    assertThat(reworded.getStatusCode().value()).as(String.valueOf(reworded.getBody())).isEqualTo(200);
  }
}
