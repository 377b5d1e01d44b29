package dev.pulse.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Requests Tomcat refuses before they reach Pulse (an encoded NUL or a malformed path, a header
 * too large) get a problem+json body like every other refusal, instead of Tomcat's HTML page.
 * Replaces the host's error report valve; errors inside the application are Spring's, as before.
 */
public class ProblemJsonErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    String message = response.getMessage() == null ? "" : response.getMessage();
    String detail = "The request was refused before it reached Pulse" + (message.isBlank() ? "" : ": " + message);
    org.springframework.http.ProblemDetail problem = org.springframework.http.ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatusCode.valueOf(status), detail);
    problem.setTitle(status >= 500 ? "Server error" : "Bad request");
    problem.setType(java.net.URI.create("about:blank"));
    try {
      String body = ProblemJson.JSON.writeValueAsString(problem);
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("utf-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone; nothing to report to
    }
  }

  /** Installs the valve on the embedded Tomcat's host. */
  @Component
  static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addContextCustomizers(context -> {
        if (context.getParent() instanceof StandardHost host) {
          host.setErrorReportValveClass(ProblemJsonErrorReportValve.class.getName());
        }
      });
    }
  }
}
