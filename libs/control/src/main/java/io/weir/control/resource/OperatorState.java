package io.weir.control.resource;

import java.util.Arrays;
import java.util.Optional;

/**
 * A state an operator puts a server in, as MaxScale's {@code maxctrl set server} does. Weir keeps
 * it in the server's resource (key {@code state}) rather than in one monitor's memory, so that
 * every instance of every service applies it and a restarted one still does.
 */
public enum OperatorState {
  /** Routers send the server nothing; its sessions move away at their next statement. */
  MAINTENANCE("maintenance"),
  /** The server takes no new sessions; the sessions it has go on. */
  DRAIN("drain");

  private final String word;

  OperatorState(String word) {
    this.word = word;
  }

  /** The word the API and the configuration use, e.g. {@code maintenance}. */
  public String word() {
    return word;
  }

  /** The state called {@code word}, if any. */
  public static Optional<OperatorState> named(String word) {
    return Arrays.stream(values()).filter(state -> state.word.equals(word)).findFirst();
  }

  @Override
  public String toString() {
    return word;
  }
}
