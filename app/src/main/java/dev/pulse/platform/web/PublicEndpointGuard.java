package dev.pulse.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards what anyone on the internet can call without an account: the answer page
 * ({@code /r/...}), the widget's calls ({@code /api/targeting/...}, {@code /api/widget/...}) and answers
 * ({@code POST /api/responses}).
 *
 * <ul>
 *   <li>a rate limit per client (token bucket: {@code burst} at once, refilled at
 *       {@code per-minute}); over it, 429 with {@code Retry-After};
 *   <li>a body size limit (413), and a declared length for bodies (411);
 *   <li>a form posted from another site's page is refused (403): the answer page's form only
 *       accepts posts whose {@code Origin}, when the browser sends one, is this server.
 * </ul>
 *
 * The client is the connection's address, or with {@code trust-forwarded-for} the first
 * address of {@code X-Forwarded-For} (behind a proxy you run). The buckets are in PostgreSQL
 * ({@link ClientRateLimits}): the limit holds across replicas.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class PublicEndpointGuard extends OncePerRequestFilter {

  private final ClientRateLimits limits;
  private final long maxBody;
  private final boolean trustForwardedFor;
  private final String publicOrigin;

  public PublicEndpointGuard(
      ClientRateLimits limits,
      @Value("${pulse.security.public.max-body-bytes:16384}") long maxBody,
      @Value("${pulse.security.public.trust-forwarded-for:false}") boolean trustForwardedFor,
      @Value("${pulse.public-url:}") String publicUrl) {
    this.limits = limits;
    this.publicOrigin = publicUrl == null || publicUrl.isBlank() ? null : URI.create(publicUrl).getAuthority();
    this.maxBody = maxBody;
    this.trustForwardedFor = trustForwardedFor;
  }

  static boolean isPublic(HttpServletRequest request) {
    String path = request.getRequestURI();
    return path.startsWith("/r/") || path.startsWith("/u/") || path.startsWith("/api/targeting/") || path.startsWith("/api/widget/")
        || (path.equals("/api/responses") && "POST".equals(request.getMethod()));
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !isPublic(request);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
    long waitSeconds = limits.take(client(request));
    if (waitSeconds > 0) {
      response.setHeader("Retry-After", String.valueOf(waitSeconds));
      ProblemJson.write(response, 429, "Too many requests", "Too many requests from this client; try again in " + waitSeconds + " s");
      return;
    }
    boolean hasBody = "POST".equals(request.getMethod()) || "PUT".equals(request.getMethod());
    if (hasBody) {
      long length = request.getContentLengthLong();
      if (length < 0) {
        ProblemJson.write(response, 411, "Length required", "Send the body with a Content-Length");
        return;
      }
      if (length > maxBody) {
        ProblemJson.write(response, 413, "Body too large", "The body is " + length + " bytes; at most " + maxBody + " are accepted here");
        return;
      }
      if (request.getRequestURI().startsWith("/r/") && !sameOrigin(request, publicOrigin)) {
        ProblemJson.write(response, 403, "Cross-site form", "The answer form can only be posted from its own page");
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** True without an Origin header (not a browser's cross-site post), or when it names this server (or its public URL). */
  private static boolean sameOrigin(HttpServletRequest request, String publicOrigin) {
    String origin = request.getHeader("Origin");
    if (origin == null || origin.equals("null")) {
      return origin == null;
    }
    try {
      URI o = URI.create(origin);
      String host = request.getHeader("Host");
      return (host != null && host.equalsIgnoreCase(o.getAuthority())) || (publicOrigin != null && publicOrigin.equalsIgnoreCase(o.getAuthority()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private String client(HttpServletRequest request) {
    if (trustForwardedFor) {
      String forwarded = request.getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        return forwarded.split(",")[0].strip();
      }
    }
    return request.getRemoteAddr();
  }
}
