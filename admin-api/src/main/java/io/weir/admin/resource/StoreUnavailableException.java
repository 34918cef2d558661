package io.weir.admin.resource;

/**
 * The configuration cannot be written now: no Kafka is configured, or Kafka did not acknowledge.
 */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreUnavailableException(String message) {
    super(message);
  }
}
