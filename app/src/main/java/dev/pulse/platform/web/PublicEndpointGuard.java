package dev.pulse.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * address of {@code X-Forwarded-For} (behind a proxy you run). Buckets live in this replica's
 * memory: N replicas allow up to N times the rate.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class PublicEndpointGuard extends OncePerRequestFilter {

  private final int burst;
  private final double perNano;
  private final long maxBody;
  private final boolean trustForwardedFor;
  private final String publicOrigin;
  private final java.util.function.LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  @org.springframework.beans.factory.annotation.Autowired
  public PublicEndpointGuard(
      @Value("${pulse.security.public.burst:60}") int burst,
      @Value("${pulse.security.public.per-minute:300}") int perMinute,
      @Value("${pulse.security.public.max-body-bytes:16384}") long maxBody,
      @Value("${pulse.security.public.trust-forwarded-for:false}") boolean trustForwardedFor,
      @Value("${pulse.public-url:}") String publicUrl) {
    this(burst, perMinute, maxBody, trustForwardedFor, publicUrl, System::nanoTime);
  }

  /** With the clock the buckets refill by (tests pass their own). */
  PublicEndpointGuard(int burst, int perMinute, long maxBody, boolean trustForwardedFor, String publicUrl, java.util.function.LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.publicOrigin = publicUrl == null || publicUrl.isBlank() ? null : URI.create(publicUrl).getAuthority();
    this.burst = burst;
    this.perNano = perMinute / 60_000_000_000.0;
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
    long waitSeconds = take(client(request));
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

  /** Takes a token for the client; 0 when allowed, else the whole seconds until one is free. */
  long take(String client) {
    if (buckets.size() > 100_000) {
      buckets.clear(); // bounded memory: forgetting every client only ever allows more
    }
    Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, nanoTime.getAsLong()));
    synchronized (bucket) {
      long now = nanoTime.getAsLong();
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perNano);
      bucket.at = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1_000_000_000.0));
    }
  }

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }
}
