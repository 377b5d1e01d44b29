package dev.pulse.widget;

import dev.pulse.platform.web.ProblemJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The widget's endpoints ({@code /api/widget/{siteId}/...}) answer only pages of the site's
 * allowed origins: the browser's {@code Origin} must be one of them (a request without one is
 * not from a page and is refused), and CORS headers let exactly that origin read the answer.
 * Preflights are answered here. Rate and size limits are {@code PublicEndpointGuard}'s.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class WidgetOriginFilter extends OncePerRequestFilter {

  static final String PREFIX = "/api/widget/";
  private final WidgetSites sites;

  WidgetOriginFilter(WidgetSites sites) {
    this.sites = sites;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith(PREFIX);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
    String rest = request.getRequestURI().substring(PREFIX.length());
    String siteId = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
    Optional<WidgetSites.Site> site = siteId.matches("[A-Za-z0-9_-]{1,64}") ? sites.find(siteId) : Optional.empty();
    if (site.isEmpty()) {
      ProblemJson.write(response, 404, "Unknown site", "No widget site '" + siteId + "': check the data-site of the script tag (sites are set up with PUT /api/sites/{id})");
      return;
    }
    String origin = request.getHeader("Origin");
    if (!site.get().allows(origin)) {
      ProblemJson.write(response, 403, "Origin not allowed", origin == null
          ? "The widget's endpoints answer pages only, and this request names no Origin"
          : "Pages of " + origin + " may not use the widget of site '" + siteId + "'; its allowed origins are set with PUT /api/sites/" + siteId);
      return;
    }
    response.setHeader("Access-Control-Allow-Origin", origin);
    response.addHeader("Vary", "Origin");
    if ("OPTIONS".equals(request.getMethod())) {
      response.setHeader("Access-Control-Allow-Methods", "GET, POST");
      response.setHeader("Access-Control-Allow-Headers", "Content-Type, X-Pulse-Visitor, Last-Event-ID");
      response.setHeader("Access-Control-Max-Age", "600");
      response.setStatus(204);
      return;
    }
    request.setAttribute(WidgetSites.Site.class.getName(), site.get());
    chain.doFilter(request, response);
  }
}
