package dev.pulse.processes;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dir the analysts' BPMN folder; when it does not exist, the copy packed in the jar is
 *     deployed instead
 * @param watch deploy a BPMN file of the folder as a new version when it is created or changed
 * @param watchDebounce how long to wait for an editor's burst of writes to settle
 */
@ConfigurationProperties("pulse.processes")
public record ProcessProperties(
    @DefaultValue("./processes") Path dir, @DefaultValue("true") boolean watch, @DefaultValue("300ms") java.time.Duration watchDebounce) {}
