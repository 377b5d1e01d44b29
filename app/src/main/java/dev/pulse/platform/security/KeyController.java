package dev.pulse.platform.security;

import jakarta.validation.Valid;
import dev.pulse.platform.audit.AuditLog;
import dev.pulse.platform.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Admins create, list and revoke API keys; a key's value is shown only in the answer that creates it. */
@RestController
@Tag(name = "Keys")
class KeyController {

  private final ApiKeys keys;
  private final AuditLog audit;

  KeyController(ApiKeys keys, AuditLog audit) {
    this.keys = keys;
    this.audit = audit;
  }

  @dev.pulse.platform.StrictBody
  record KeyInput(@NotBlank @Size(max = 200) String name, @NotEmpty Set<ApiKeys.Role> roles, @Size(max = 200) String agentId) {}

  /** A new key and its secret {@code value}, shown this once. */
  record CreatedKey(ApiKeys.Key key, String value) {}

  @PostMapping("/api/keys")
  @Operation(summary = "Create an API key with roles (an AGENT key names its agent); the answer holds the key, shown this once")
  @dev.pulse.platform.web.ApiDocumentation.Answers({201})
  ResponseEntity<CreatedKey> create(
      @Valid @RequestBody KeyInput in) {
    if (in.roles().contains(ApiKeys.Role.AGENT) && (in.agentId() == null || in.agentId().isBlank())) {
      throw StrictJson.invalidField("agentId", "an AGENT key acts as one agent: name it");
    }
    ApiKeys.Created created = keys.create(in.name(), EnumSet.copyOf(in.roles()), in.agentId(), AuditLog.actor());
    audit.record("KEY_CREATE", created.key().id(), Map.of("name", in.name(), "roles", in.roles().stream().map(Enum::name).sorted().toList()));
    return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedKey(created.key(), created.value()));
  }

  @GetMapping("/api/keys")
  List<ApiKeys.Key> all() {
    return keys.all();
  }

  @DeleteMapping("/api/keys/{id}")
  @Operation(summary = "Revoke a key: it stops working at once. The last active ADMIN key cannot be revoked (409)")
  ApiKeys.Key revoke(@PathVariable String id) {
    ApiKeys.Key key = keys.find(id).orElseThrow(() ->
        new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No API key '" + id + "'"), null));
    switch (keys.revoke(id)) {
      case REVOKED -> audit.record("KEY_REVOKE", id, Map.of("name", key.name()));
      case LAST_ADMIN -> throw new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
          "Key '" + id + "' is the last active ADMIN key: revoking it would lock every admin out. Create another ADMIN key first"
              + " (POST /api/keys), then revoke this one."), null);
      case ALREADY_REVOKED -> { }
    }
    return keys.find(id).orElseThrow();
  }
}
