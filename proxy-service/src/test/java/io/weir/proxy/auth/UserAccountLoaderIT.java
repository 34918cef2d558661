package io.weir.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.cluster.server.ServerEndpoint;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.process.FreePort;
import io.weir.wire.auth.MysqlNativePassword;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loads accounts made on a real server and checks them as the proxy will: hashes that verify,
 * MariaDB's account choice, database access through grants and roles.
 */
@WithMariaDb(replicas = 1)
class UserAccountLoaderIT {

  // the topology is shared with other classes: names of our own, dropped afterwards
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  private static final String SHOP = "auth_shop_" + SUFFIX;
  private static final String REPORTS = "auth_reports_" + SUFFIX;
  private static final String AUDIT = "auth_audit_" + SUFFIX;
  private static final String OTHER = "auth_other_" + SUFFIX;
  private static final String SHOPPER = "auth_shopper_" + SUFFIX;
  private static final String TWO_HOSTS = "auth_two_" + SUFFIX;
  private static final String LOCKED = "auth_locked_" + SUFFIX;
  private static final String EXPIRED = "auth_expired_" + SUFFIX;
  private static final String ROLE = "auth_role_" + SUFFIX;
  private static final String ROLE_USER = "auth_roleuser_" + SUFFIX;
  private static final String NO_PASSWORD = "auth_nopw_" + SUFFIX;
  private static final String SOCKET = "auth_socket_" + SUFFIX;

  private static final InetAddress LOOPBACK = address("127.0.0.1");
  private static final InetAddress REMOTE = address("10.20.30.40");
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final byte[] scramble = new MysqlNativePassword(new SplittableRandom(7)).newScramble();

  @BeforeAll
  static void createAccounts(MariaDbTopology topology) {
    topology
        .primary()
        .execute(
            "CREATE DATABASE " + SHOP,
            "CREATE DATABASE " + REPORTS,
            "CREATE TABLE " + REPORTS + ".daily (id INT PRIMARY KEY)",
            "CREATE DATABASE " + AUDIT,
            "CREATE DATABASE " + OTHER,
            "CREATE USER '" + SHOPPER + "'@'%' IDENTIFIED BY 'shopper-pw'",
            "GRANT SELECT ON " + SHOP + ".* TO '" + SHOPPER + "'@'%'",
            "GRANT SELECT (id) ON " + REPORTS + ".daily TO '" + SHOPPER + "'@'%'",
            "CREATE USER '" + TWO_HOSTS + "'@'127.0.0.1' IDENTIFIED BY 'loopback-pw'",
            "CREATE USER '" + TWO_HOSTS + "'@'%' IDENTIFIED BY 'anywhere-pw'",
            "CREATE USER '" + LOCKED + "'@'%' IDENTIFIED BY 'locked-pw' ACCOUNT LOCK",
            "CREATE USER '" + EXPIRED + "'@'%' IDENTIFIED BY 'expired-pw' PASSWORD EXPIRE",
            "CREATE ROLE " + ROLE,
            "GRANT SELECT ON " + AUDIT + ".* TO " + ROLE,
            "CREATE USER '" + ROLE_USER + "'@'%' IDENTIFIED BY 'role-pw'",
            "GRANT " + ROLE + " TO '" + ROLE_USER + "'@'%'",
            "SET DEFAULT ROLE " + ROLE + " FOR '" + ROLE_USER + "'@'%'",
            "CREATE USER '" + NO_PASSWORD + "'@'%'",
            "CREATE USER '" + SOCKET + "'@'localhost' IDENTIFIED VIA unix_socket");
  }

  @AfterAll
  static void dropAccounts(MariaDbTopology topology) {
    topology
        .primary()
        .execute(
            "DROP USER IF EXISTS '"
                + SHOPPER
                + "'@'%', '"
                + TWO_HOSTS
                + "'@'127.0.0.1', '"
                + TWO_HOSTS
                + "'@'%', '"
                + LOCKED
                + "'@'%', '"
                + EXPIRED
                + "'@'%', '"
                + ROLE_USER
                + "'@'%', '"
                + NO_PASSWORD
                + "'@'%', '"
                + SOCKET
                + "'@'localhost'",
            "DROP ROLE IF EXISTS " + ROLE,
            "DROP DATABASE IF EXISTS " + SHOP,
            "DROP DATABASE IF EXISTS " + REPORTS,
            "DROP DATABASE IF EXISTS " + AUDIT,
            "DROP DATABASE IF EXISTS " + OTHER);
  }

  @Test
  void hashesVerifyTheirPasswordsAndGrantsAnswerDatabaseAccess(MariaDbTopology topology) {
    UserAccounts accounts = loader(List.of(endpoint(topology.primary()))).load();

    UserAccount shopper = accounts.find(SHOPPER, REMOTE).orElseThrow();
    assertThat(shopper.plugin()).isEqualTo(MysqlNativePassword.PLUGIN_NAME);
    assertThat(verifies(shopper, "shopper-pw")).isTrue();
    assertThat(verifies(shopper, "wrong")).isFalse();
    assertThat(shopper.globalDatabaseAccess()).isFalse();
    assertThat(shopper.superuser()).isFalse();
    assertThat(shopper.locked()).isFalse();
    assertThat(shopper.passwordExpired()).isFalse();
    assertThat(accounts.canAccess(shopper, SHOP)).isTrue();
    assertThat(accounts.canAccess(shopper, REPORTS)).as("a column grant").isTrue();
    assertThat(accounts.canAccess(shopper, OTHER)).isFalse();

    assertThat(accounts.databaseExists(SHOP)).isTrue();
    assertThat(accounts.databaseExists("auth_missing_" + SUFFIX)).isFalse();
    assertThat(accounts.databaseExists("mysql")).isTrue();
  }

  @Test
  void theMoreSpecificHostsAccountHasItsOwnPassword(MariaDbTopology topology) {
    UserAccounts accounts = loader(List.of(endpoint(topology.primary()))).load();

    UserAccount loopback = accounts.find(TWO_HOSTS, LOOPBACK).orElseThrow();
    UserAccount anywhere = accounts.find(TWO_HOSTS, REMOTE).orElseThrow();
    assertThat(loopback.host()).isEqualTo("127.0.0.1");
    assertThat(anywhere.host()).isEqualTo("%");
    assertThat(verifies(loopback, "loopback-pw")).isTrue();
    assertThat(verifies(loopback, "anywhere-pw")).isFalse();
    assertThat(verifies(anywhere, "anywhere-pw")).isTrue();
  }

  @Test
  void lockedExpiredPasswordlessAndOtherPluginAccounts(MariaDbTopology topology) {
    UserAccounts accounts = loader(List.of(endpoint(topology.primary()))).load();

    assertThat(accounts.find(LOCKED, REMOTE).orElseThrow().locked()).isTrue();
    assertThat(accounts.find(EXPIRED, REMOTE).orElseThrow().passwordExpired()).isTrue();
    UserAccount noPassword = accounts.find(NO_PASSWORD, REMOTE).orElseThrow();
    assertThat(noPassword.hasPassword()).isFalse();
    assertThat(MysqlNativePassword.verify(new byte[0], scramble, noPassword.storedHash()))
        .isPresent();
    UserAccount socket = accounts.find(SOCKET, LOOPBACK).orElseThrow();
    assertThat(socket.plugin()).isEqualTo("unix_socket");
    assertThat(socket.storedHash()).isEmpty();
  }

  @Test
  void defaultRoleGrantsItsDatabases(MariaDbTopology topology) {
    UserAccounts accounts = loader(List.of(endpoint(topology.primary()))).load();

    UserAccount roleUser = accounts.find(ROLE_USER, REMOTE).orElseThrow();
    assertThat(accounts.canAccess(roleUser, AUDIT)).isTrue();
    assertThat(accounts.canAccess(roleUser, SHOP)).isFalse();
    assertThat(accounts.find(ROLE, REMOTE)).as("a role is no account").isEmpty();
  }

  @Test
  void serviceAccountHasGlobalAccessAndMayPassMaxConnections(MariaDbTopology topology) {
    UserAccounts accounts = loader(List.of(endpoint(topology.primary()))).load();

    UserAccount service = accounts.find(Credentials.SERVICE.user(), REMOTE).orElseThrow();
    assertThat(service.globalDatabaseAccess()).isTrue();
    assertThat(service.superuser()).isTrue();
    assertThat(accounts.canAccess(service, OTHER)).isTrue();
    assertThat(verifies(service, Credentials.SERVICE.password())).isTrue();
  }

  @Test
  void aServerThatIsDownIsSkipped(MariaDbTopology topology) {
    ServerEndpoint down = new ServerEndpoint("down", "127.0.0.1", FreePort.next());
    UserAccounts accounts = loader(List.of(down, endpoint(topology.primary()))).load();

    assertThat(accounts.find(SHOPPER, REMOTE)).isPresent();
  }

  @Test
  void noServerAnsweringNamesEachServerTried() {
    ServerEndpoint first = new ServerEndpoint("first", "127.0.0.1", FreePort.next());
    ServerEndpoint second = new ServerEndpoint("second", "127.0.0.1", FreePort.next());

    assertThatThrownBy(() -> loader(List.of(first, second)).load())
        .isInstanceOf(UserAccountsUnavailableException.class)
        .hasMessageContaining("first (" + first.address() + "): ")
        .hasMessageContaining("second (" + second.address() + "): ")
        .satisfies(failure -> assertThat(failure.getSuppressed()).hasSize(2));
  }

  @Test
  void wrongServicePasswordIsReportedPerServer(MariaDbTopology topology) {
    UserAccountLoader loader =
        new UserAccountLoader(
            List.of(endpoint(topology.primary())), Credentials.SERVICE.user(), "wrong", TIMEOUT);

    assertThatThrownBy(loader::load)
        .isInstanceOf(UserAccountsUnavailableException.class)
        .hasMessageContaining("db1")
        .hasMessageContaining("Access denied");
  }

  private boolean verifies(UserAccount account, String password) {
    byte[] response = MysqlNativePassword.clientResponse(password, scramble);
    return MysqlNativePassword.verify(response, scramble, account.storedHash()).isPresent();
  }

  private static UserAccountLoader loader(List<ServerEndpoint> servers) {
    return new UserAccountLoader(
        servers, Credentials.SERVICE.user(), Credentials.SERVICE.password(), TIMEOUT);
  }

  private static ServerEndpoint endpoint(MariaDbServer server) {
    return new ServerEndpoint("db1", server.host(), server.port());
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
