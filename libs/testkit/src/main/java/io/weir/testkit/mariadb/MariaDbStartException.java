package io.weir.testkit.mariadb;

/**
 * A MariaDB server of the kit could not be found, started or configured. The message carries the
 * server's own log lines whenever the server got far enough to write any.
 */
public final class MariaDbStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MariaDbStartException(String message) {
    super(message);
  }

  public MariaDbStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
