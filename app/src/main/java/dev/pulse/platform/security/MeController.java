package dev.pulse.platform.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the caller is: what the console and the agent inbox show and offer. */
@RestController
@Tag(name = "Access")
class MeController {

  record Me(List<ApiKeys.Role> roles, String agentId) {}

  @GetMapping("/api/me")
  @Operation(summary = "The caller's roles, and the agent an AGENT caller acts as")
  Me me() {
    return new Me(Arrays.stream(ApiKeys.Role.values()).filter(Callers::has).toList(), Callers.agentId().orElse(null));
  }
}
