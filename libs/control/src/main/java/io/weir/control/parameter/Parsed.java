package io.weir.control.parameter;

/**
 * The outcome of parsing one raw parameter value.
 *
 * @param <T> the typed value
 */
public sealed interface Parsed<T> {

  /**
   * The raw value was accepted.
   *
   * @param value the typed value
   */
  record Valid<T>(T value) implements Parsed<T> {}

  /**
   * The raw value was rejected.
   *
   * @param reason why, phrased to follow "parameter 'x': ", e.g. {@code 'mastr' is not one of
   *     master, slave}; never contains a password
   */
  record Invalid<T>(String reason) implements Parsed<T> {}
}
