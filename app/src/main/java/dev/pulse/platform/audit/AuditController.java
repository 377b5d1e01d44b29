package dev.pulse.platform.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit")
class AuditController {

  private final AuditLog audit;

  AuditController(AuditLog audit) {
    this.audit = audit;
  }

  @GetMapping("/api/audit")
  @Operation(summary = "Admin and analyst actions, newest first: who, what, when; filter by action or target")
  List<AuditLog.Entry> search(
      @RequestParam(required = false) String action, @RequestParam(required = false) String target, @RequestParam(defaultValue = "200") int limit) {
    return audit.search(action, target, Math.max(1, Math.min(limit, 1000)));
  }
}
