package io.weir.control.resource;

import static java.util.Objects.requireNonNull;

/**
 * The value of a password parameter. {@link #toString()} never shows it, so a configuration can be
 * logged or put in an exception message without leaking credentials.
 *
 * @param value the clear text, for the one place that sends it to a server
 */
public record Secret(String value) {

  public Secret {
    requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "*****";
  }
}
