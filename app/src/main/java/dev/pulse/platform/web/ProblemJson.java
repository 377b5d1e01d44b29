package dev.pulse.platform.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A problem+json answer written straight to the response, for the filters that answer before a
 * controller runs (401/403, the public endpoints' limits), so that they look like every other
 * error of the API.
 */
public final class ProblemJson {

  private ProblemJson() {}

  public static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json");
    if (status == 401) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
  }
}
