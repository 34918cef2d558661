package io.weir.proxy.session;

import io.weir.proxy.auth.UserAccount;
import io.weir.proxy.auth.UserAccounts;
import io.weir.proxy.error.ProxyError;
import io.weir.wire.auth.MysqlNativePassword;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks a client's mysql_native_password response and default database against the users loaded
 * from the servers, the way the server would, so that the proxy answers with the server's errors
 * before it opens any backend connection.
 */
final class ClientAuthenticator {
  private static final String ROOT = "root";

  private final boolean enableRootUser;

  /**
   * @param enableRootUser the service's {@code enable_root_user}: whether root may log in
   */
  ClientAuthenticator(boolean enableRootUser) {
    this.enableRootUser = enableRootUser;
  }

  AuthenticationOutcome authenticate(
      UserAccounts accounts,
      String user,
      InetAddress client,
      byte[] response,
      byte[] scramble,
      @Nullable String database) {
    String host = client.getHostAddress();
    String usingPassword = response.length > 0 ? "YES" : "NO";
    if (user.equals(ROOT) && !enableRootUser) {
      return new AuthenticationOutcome.Denied(
          ProxyError.ACCESS_DENIED, List.of(user, host, usingPassword), false);
    }
    Optional<UserAccount> found = accounts.find(user, client);
    if (found.isEmpty()) {
      return new AuthenticationOutcome.Denied(
          ProxyError.ACCESS_DENIED, List.of(user, host, usingPassword), true);
    }
    UserAccount account = found.get();
    if (!account.plugin().isEmpty() && !account.plugin().equals(MysqlNativePassword.PLUGIN_NAME)) {
      return new AuthenticationOutcome.Denied(
          ProxyError.UNSUPPORTED_AUTH_PLUGIN,
          List.of(account.user(), account.host(), account.plugin()),
          true);
    }
    byte @Nullable [] stageOne;
    byte[] stored = account.storedHash();
    if (stored.length == 0) {
      if (response.length != 0) {
        return new AuthenticationOutcome.Denied(
            ProxyError.ACCESS_DENIED, List.of(user, host, usingPassword), true);
      }
      stageOne = null;
    } else {
      Optional<byte[]> verified = MysqlNativePassword.verify(response, scramble, stored);
      if (verified.isEmpty()) {
        return new AuthenticationOutcome.Denied(
            ProxyError.ACCESS_DENIED, List.of(user, host, usingPassword), true);
      }
      stageOne = verified.get();
    }
    // like the server: the password is checked first, so a locked account does not confirm it
    if (account.locked()) {
      return new AuthenticationOutcome.Denied(ProxyError.ACCOUNT_LOCKED, List.of(), true);
    }
    AuthenticationOutcome.Accepted accepted = new AuthenticationOutcome.Accepted(account, stageOne);
    if (database != null && !database.isEmpty()) {
      Optional<AuthenticationOutcome.Denied> refused =
          checkDatabase(accounts, account, database, accepted);
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    return accepted;
  }

  /**
   * Error 1044 when the account may not use {@code database}, 1049 when it does not exist. Like the
   * server's (which names {@code priv_user@priv_host}), 1044 names the matched account, such as
   * {@code 'app'@'%'}, not the client's user name and address.
   */
  private static Optional<AuthenticationOutcome.Denied> checkDatabase(
      UserAccounts accounts,
      UserAccount account,
      String database,
      AuthenticationOutcome.Accepted accepted) {
    if (!accounts.canAccess(account, database)) {
      return Optional.of(
          new AuthenticationOutcome.Denied(
              ProxyError.DATABASE_ACCESS_DENIED,
              List.of(account.user(), account.host(), database),
              true,
              accepted));
    }
    if (!accounts.databaseExists(database)) {
      return Optional.of(
          new AuthenticationOutcome.Denied(
              ProxyError.UNKNOWN_DATABASE, List.of(database), true, accepted));
    }
    return Optional.empty();
  }
}
