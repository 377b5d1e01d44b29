package dev.pulse.rules;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dir the analysts' rules folder ({@code <dir>/<domain>/*.drl}); when a domain folder is
 *     missing, the copy packed in the jar is used
 * @param watch rebuild a domain when one of its files changes
 * @param watchDebounce how long to wait for an editor's burst of writes to settle
 */
@ConfigurationProperties("pulse.rules")
public record RuleProperties(
    @DefaultValue("./rules") Path dir,
    @DefaultValue("true") boolean watch,
    @DefaultValue("300ms") Duration watchDebounce) {}
