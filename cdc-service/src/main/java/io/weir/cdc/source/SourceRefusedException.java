package io.weir.cdc.source;

/**
 * A kafkacdc service must not start against this source: its settings would lose changes, the
 * account cannot replicate, or no server is a usable primary. The message names the setting or
 * grant and says what to change.
 */
public final class SourceRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceRefusedException(String message) {
    super(message);
  }

  public SourceRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
