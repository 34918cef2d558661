package io.weir.proxy.error;

/**
 * The innermost cause of a failure, as the sentence clients and logs get: a connect timeout wrapped
 * in two exceptions reads as the timeout.
 */
public final class RootCause {
  private RootCause() {}

  /** The root cause's message, or its class name when it has none. */
  public static String messageOf(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
