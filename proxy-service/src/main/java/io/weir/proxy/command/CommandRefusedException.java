package io.weir.proxy.command;

/** A module command this instance cannot run with the arguments given; the message says why. */
public class CommandRefusedException extends RuntimeException {
  public CommandRefusedException(String message) {
    super(message);
  }
}
