package dev.pulse.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.PulseStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The guard is in front of the running server's public endpoints (its limits: PublicEndpointGuardTest). */
class PublicEndpointsTest extends PulseStackTest {

  @Test
  void anOversizedBodyAndACrossSiteFormAreRefusedBeforeTheyReachTheApplication() {
    String huge = "{\"url\":\"https://x.example/\",\"visitorId\":\"" + "v".repeat(20_000) + "\"}";
    ResponseEntity<String> tooLarge = rest.postForEntity("/api/targeting/evaluate", jsonEntity(huge), String.class);
    assertThat(tooLarge.getStatusCode().value()).isEqualTo(413);
    assertThat(tooLarge.getBody()).contains("at most 16384");

    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    headers.set("Origin", "https://evil.example");
    ResponseEntity<String> crossSite = rest.exchange("/r/any-token", HttpMethod.POST, new HttpEntity<>("score=1", headers), String.class);
    assertThat(crossSite.getStatusCode().value()).isEqualTo(403);

    // private endpoints take larger bodies (a BPMN upload)
    assertThat(rest.postForEntity("/api/rules/scoring/validate", jsonEntity("{\"files\":[{\"name\":\"x.drl\",\"text\":\"// " + "x".repeat(20_000) + "\"}]}"),
        String.class).getStatusCode().value()).isNotEqualTo(413);
  }
}
