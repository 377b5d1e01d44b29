/** Watching the analysts' folders (processes/, rules/) for changes. */
@org.springframework.modulith.NamedInterface("files")
package dev.pulse.platform.files;
