package dev.pulse.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries an API key ({@code Authorization: Bearer pulse_...} or
 * {@code X-API-Key}). A key that is malformed, unknown, revoked or wrong is a 401 at once, not
 * an anonymous request.
 */
class ApiKeyFilter extends OncePerRequestFilter {

  private final ApiKeys keys;

  ApiKeyFilter(ApiKeys keys) {
    this.keys = keys;
  }

  static Optional<String> keyOf(HttpServletRequest request) {
    String header = request.getHeader("X-API-Key");
    if (header != null && !header.isBlank()) {
      return Optional.of(header.strip());
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).strip();
      return ApiKeys.looksLikeKey(token) ? Optional.of(token) : Optional.empty();
    }
    return Optional.empty();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
    Optional<String> key = keyOf(request);
    if (key.isPresent()) {
      Optional<ApiKeys.Caller> caller = keys.verify(key.get());
      if (caller.isEmpty()) {
        dev.pulse.platform.web.ProblemJson.write(response, 401, "Unauthorized", "The API key is not valid (unknown, revoked or altered)");
        return;
      }
      List<SimpleGrantedAuthority> authorities = caller.get().roles().stream().map(r -> new SimpleGrantedAuthority(Callers.ROLE + r.name())).toList();
      UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated("key:" + caller.get().name(), null, authorities);
      authentication.setDetails(caller.get());
      SecurityContextHolder.getContext().setAuthentication(authentication);
    }
    chain.doFilter(request, response);
  }
}
