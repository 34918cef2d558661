package io.weir.proxy.auth;

/**
 * No server answered the queries that load the user accounts; the message names each server tried
 * and why it failed, and each failure is attached as a suppressed exception.
 */
public final class UserAccountsUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UserAccountsUnavailableException(String message) {
    super(message);
  }
}
