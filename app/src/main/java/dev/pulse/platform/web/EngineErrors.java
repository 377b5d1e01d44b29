package dev.pulse.platform.web;

import io.camunda.client.api.command.ClientStatusException;

/** Turning the engine's gRPC errors into words for people. */
public final class EngineErrors {

  private EngineErrors() {}

  /** The engine's own words, without the gRPC wrapping. */
  public static String message(ClientStatusException ex) {
    String description = ex.getStatus().getDescription();
    return description != null ? description : ex.getMessage();
  }
}
