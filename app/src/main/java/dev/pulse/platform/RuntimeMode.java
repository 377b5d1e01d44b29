package dev.pulse.platform;

import org.springframework.core.env.Environment;

/** Which runtime a server runs in: its own embedded stack, or external servers. */
public final class RuntimeMode {

  public static final String PROPERTY = "pulse.runtime.mode";

  private RuntimeMode() {}

  /** True unless {@code pulse.runtime.mode=external}; anything else is refused by name. */
  public static boolean embedded(Environment env) {
    String mode = env.getProperty(PROPERTY, "embedded").trim().toLowerCase();
    return switch (mode) {
      case "embedded" -> true;
      case "external" -> false;
      default -> throw new IllegalArgumentException(PROPERTY + " must be 'embedded' or 'external', was '" + mode + "'");
    };
  }
}
