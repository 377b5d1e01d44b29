package dev.pulse.platform.events;

/**
 * A record that can never be applied (not JSON, missing fields, invalid values): it goes to the
 * dead-letter topic at once, with this message, and the consumer goes on.
 */
public class InvalidMessage extends RuntimeException {

  public InvalidMessage(String message, Throwable cause) {
    super(message, cause);
  }
}
