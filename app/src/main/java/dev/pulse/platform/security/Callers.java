package dev.pulse.platform.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is calling: the current request's principal, as the rest of Pulse needs it. */
public final class Callers {

  /** Authorities carry this prefix (Spring's role convention). */
  public static final String ROLE = "ROLE_";

  private Callers() {}

  public static boolean has(ApiKeys.Role role) {
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    return a != null && a.getAuthorities().stream().anyMatch(g -> g.getAuthority().equals(ROLE + role.name()));
  }

  /** The agent id of an AGENT caller (empty for others). */
  public static Optional<String> agentId() {
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    if (a == null) {
      return Optional.empty();
    }
    // an AGENT key's agent, or a token's agent claim: both authentications carry a Caller
    return a.getDetails() instanceof ApiKeys.Caller caller ? Optional.ofNullable(caller.agentId()) : Optional.empty();
  }

  /** True when the caller may act only as one agent: an AGENT that is not also an ADMIN. */
  public static boolean isOnlyAgent() {
    return has(ApiKeys.Role.AGENT) && !has(ApiKeys.Role.ADMIN);
  }
}
