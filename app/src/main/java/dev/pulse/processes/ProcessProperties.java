package dev.pulse.processes;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dir the analysts' BPMN folder; when it does not exist, the copy packed in the jar is
 *     deployed instead
 */
@ConfigurationProperties("pulse.processes")
public record ProcessProperties(@DefaultValue("./processes") Path dir) {}
