package dev.pulse.platform.security;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import dev.pulse.platform.web.ProblemJson;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what. Services use API keys, people use OIDC/JWT bearer tokens from the identity
 * provider configured under {@code spring.security.oauth2.resourceserver.jwt.*} (issuer, JWK set
 * or public key); the token's {@code pulse.security.oidc.roles-claim} names its roles. Every
 * endpoint has a rule below; what no rule names is for admins. Unauthenticated is 401, a role
 * that may not is 403, both problem+json.
 *
 * <ul>
 *   <li>public: the answer page, the widget's targeting calls, answers, health, the console's
 *       static page (it asks for a key), the API docs;
 *   <li>SERVICE: start processes, publish messages, ingest contacts, companies, deals, list
 *       members and inbound messages, trigger a survey delivery, scrape metrics;
 *   <li>ANALYST: surveys, rules, chatflows; processes, deployments, instances and incidents read,
 *       and deploying; contacts, lists, responses and analytics read;
 *   <li>AGENT: conversations of its inboxes (checked per conversation), replies, its own status,
 *       tickets;
 *   <li>ADMIN: everything, including keys, erasure, the audit log, instance operations and the
 *       inbox set-up.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(
      HttpSecurity http, ApiKeys keys, ObjectProvider<JwtDecoder> jwtDecoder,
      @Value("${pulse.security.oidc.roles-claim:roles}") String rolesClaim,
      @Value("${pulse.security.oidc.agent-claim:agent_id}") String agentClaim) throws Exception {
    http.csrf(AbstractHttpConfigurer::disable) // bearer tokens only, no cookies; the public answer form is checked by origin
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .anonymous(Customizer.withDefaults())
        .addFilterBefore(new ApiKeyFilter(keys), BearerTokenAuthenticationFilter.class)
        .exceptionHandling(e -> e
            .authenticationEntryPoint((request, response, ex) ->
                ProblemJson.write(response, 401, "Unauthorized", "Send an API key or a bearer token: Authorization: Bearer <key or token>"))
            .accessDeniedHandler((request, response, ex) ->
                ProblemJson.write(response, 403, "Forbidden", "Your roles do not allow " + request.getMethod() + " " + request.getRequestURI())))
        .authorizeHttpRequests(SecurityConfiguration::policy);
    if (jwtDecoder.getIfAvailable() != null) {
      http.oauth2ResourceServer(o -> o
          .bearerTokenResolver(notApiKeys())
          .authenticationEntryPoint((request, response, ex) -> ProblemJson.write(response, 401, "Unauthorized", "The bearer token is not valid: " + ex.getMessage()))
          .jwt(j -> j.jwtAuthenticationConverter(roles(rolesClaim, agentClaim))));
    }
    return http.build();
  }

  static void policy(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a) {
    String admin = ApiKeys.Role.ADMIN.name();
    String analyst = ApiKeys.Role.ANALYST.name();
    String agent = ApiKeys.Role.AGENT.name();
    String service = ApiKeys.Role.SERVICE.name();
    a.requestMatchers("/r/**", "/u/**", "/api/targeting/**", "/api/widget/**", "/widget.js", "/actuator/health", "/actuator/health/**", "/actuator/info", "/console", "/console/**", "/inbox", "/inbox/**",
            "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/error").permitAll()
        .requestMatchers(POST, "/api/responses").permitAll()
        .requestMatchers(GET, "/api/me").authenticated()
        // services
        .requestMatchers(POST, "/api/processes/*/instances", "/api/messages", "/api/channels/*/messages", "/api/surveys/*/deliveries",
            "/api/contacts/batch", "/api/visitor-identification").hasAnyRole(admin, service)
        .requestMatchers(PUT, "/api/contacts/*", "/api/companies/*", "/api/deals/*", "/api/lists/*/members/*").hasAnyRole(admin, service)
        .requestMatchers(DELETE, "/api/lists/*/members/*").hasAnyRole(admin, service)
        .requestMatchers(GET, "/actuator/prometheus").hasAnyRole(admin, service)
        // agents
        .requestMatchers("/api/conversations/**").hasAnyRole(admin, agent)
        .requestMatchers(PUT, "/api/agents/*/status").hasAnyRole(admin, agent)
        .requestMatchers(GET, "/api/tickets/**").hasAnyRole(admin, agent, analyst)
        .requestMatchers(PUT, "/api/tickets/*/stage").hasAnyRole(admin, agent)
        .requestMatchers(POST, "/api/tickets/*/close").hasAnyRole(admin, agent)
        .requestMatchers(GET, "/api/inboxes/*/availability").hasAnyRole(admin, agent, analyst)
        .requestMatchers(GET, "/api/sites").hasAnyRole(admin, analyst)
        .requestMatchers(GET, "/api/inboxes", "/api/channels", "/api/agents", "/api/teams", "/api/calendars", "/api/contacts/*/conversations")
            .hasAnyRole(admin, agent, analyst)
        // analysts
        .requestMatchers(DELETE, "/api/contacts/*").hasRole(admin)
        .requestMatchers("/api/surveys/**", "/api/rules/**", "/api/chatflows/**").hasAnyRole(admin, analyst)
        .requestMatchers(GET, "/api/processes/**", "/api/deployments/**", "/api/process-instances/**", "/api/incidents/**", "/api/bulk-operations/**",
            "/api/contacts/**", "/api/lists/**", "/api/responses/**", "/api/analytics/**").hasAnyRole(admin, analyst)
        .requestMatchers(POST, "/api/deployments", "/api/deployments/rollback", "/api/processes/*/test").hasAnyRole(admin, analyst)
        .requestMatchers(PUT, "/api/lists/*").hasAnyRole(admin, analyst)
        // the Camunda-compatible search API over the embedded engine: reads only
        .requestMatchers(GET, "/v2/process-instances/*", "/v2/incidents/*").hasAnyRole(admin, analyst)
        .requestMatchers(POST, "/v2/*/search", "/v2/process-definitions/*/statistics/element-instances").hasAnyRole(admin, analyst)
        // everything else: keys, audit, erasure, instance operations, inbox set-up, reconcile, dev tools
        .anyRequest().hasRole(admin);
  }

  /**
   * A request the firewall refuses (an encoded NUL, a path traversal, ...) is a 400 problem+json
   * like every other refusal, not the servlet container's HTML page.
   */
  @Bean
  org.springframework.security.web.firewall.RequestRejectedHandler problemJsonRequestRejected() {
    return (request, response, rejected) -> dev.pulse.platform.web.ProblemJson.write(response, 400, "Bad Request",
        "The request was refused before it reached Pulse: " + rejected.getMessage());
  }

  /** Bearer tokens that are API keys are the API key filter's, not the JWT decoder's. */
  private static BearerTokenResolver notApiKeys() {
    DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
    return request -> {
      String token = standard.resolve(request);
      return ApiKeys.looksLikeKey(token) ? null : token;
    };
  }

  /**
   * The token's roles claim (a list, or a space- or comma-separated string; dots reach into
   * objects) as Pulse roles, and its agent claim as the caller's agent (in the details, as for a key).
   */
  private static Converter<Jwt, AbstractAuthenticationToken> roles(String claim, String agentClaim) {
    return jwt -> {
      Object value = jwt.getClaims();
      for (String part : claim.split("\\.")) {
        value = value instanceof java.util.Map<?, ?> map ? map.get(part) : null;
      }
      Collection<String> names = new ArrayList<>();
      if (value instanceof Collection<?> list) {
        list.forEach(v -> names.add(String.valueOf(v)));
      } else if (value instanceof String text) {
        names.addAll(List.of(text.split("[ ,]+")));
      }
      java.util.Set<ApiKeys.Role> roles = java.util.EnumSet.noneOf(ApiKeys.Role.class);
      for (String name : names) {
        String role = name.strip().toUpperCase(java.util.Locale.ROOT);
        java.util.Arrays.stream(ApiKeys.Role.values()).filter(r -> r.name().equals(role)).forEach(roles::add);
      }
      List<GrantedAuthority> authorities = new ArrayList<>();
      roles.forEach(r -> authorities.add(new SimpleGrantedAuthority(Callers.ROLE + r.name())));
      String name = jwt.getClaimAsString("preferred_username") != null ? jwt.getClaimAsString("preferred_username") : jwt.getSubject();
      JwtAuthenticationToken token = new JwtAuthenticationToken(jwt, authorities, name);
      token.setDetails(new ApiKeys.Caller(name, roles, jwt.getClaimAsString(agentClaim)));
      return token;
    };
  }
}
