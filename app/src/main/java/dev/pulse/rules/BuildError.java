package dev.pulse.rules;

/**
 * A problem the DRL compiler found: the file, the line (0 when the compiler gives none) and its
 * message. Drools reports no column of its own; where it knows one, it is inside the message.
 */
public record BuildError(String file, int line, String message) {

  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + message;
  }
}
