package dev.pulse.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * A problem+json answer written straight to the response, for the filters that answer before a
 * controller runs (401/403, the public endpoints' limits), so that they look like every other
 * error of the API: a Spring {@link ProblemDetail}, serialised by Jackson.
 */
public final class ProblemJson {

  /** Spring's builder registers the mix-in that writes a ProblemDetail as RFC 9457 has it (no null members, properties inline). */
  static final ObjectMapper JSON = org.springframework.http.converter.json.Jackson2ObjectMapperBuilder.json().build();

  private ProblemJson() {}

  public static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatusCode.valueOf(status), detail);
    problem.setTitle(title);
    problem.setType(URI.create("about:blank"));
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    if (status == 401) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    JSON.writeValue(response.getWriter(), problem);
  }
}
