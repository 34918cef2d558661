package io.weir.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.weir.proxy.runtime.ProxySettings;
import io.weir.proxy.testing.RawClient;
import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.tls.TestCertificates;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins through the proxy are refused with the errors, SQLSTATEs and wording the server itself
 * uses: each refusal is compared with the same login made directly to the primary.
 */
@WithMariaDb(replicas = 1)
class ProxyAuthenticationIT {
  private static final String ONE_DATABASE_USER = "weir_one_db";
  private static final String LOCKED_USER = "weir_locked";
  private static final String PASSWORD = "s3cret-pw";

  private TestingProxy proxy;

  @BeforeAll
  static void accounts(MariaDbTopology topology) {
    topology
        .primary()
        .execute(
            "CREATE DATABASE IF NOT EXISTS weir_auth_only",
            "CREATE USER IF NOT EXISTS '%s'@'%%' IDENTIFIED BY '%s'"
                .formatted(ONE_DATABASE_USER, PASSWORD),
            "GRANT SELECT ON weir_auth_only.* TO '%s'@'%%'".formatted(ONE_DATABASE_USER),
            "CREATE USER IF NOT EXISTS '%s'@'%%' IDENTIFIED BY '%s' ACCOUNT LOCK"
                .formatted(LOCKED_USER, PASSWORD),
            "GRANT SELECT ON *.* TO '%s'@'%%'".formatted(LOCKED_USER));
  }

  @BeforeEach
  void startProxy(MariaDbTopology topology) {
    proxy = TestingProxy.start(topology, "master", "", settings(Duration.ofSeconds(30)));
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  @Test
  @DisplayName("a wrong password gets 1045 worded as the server words it")
  void wrongPassword(MariaDbTopology topology) {
    assertRefusedLikeServer(
        topology.primary(),
        Credentials.APPLICATION.user(),
        "not-the-password",
        "app",
        1045,
        "28000",
        "Access denied for user 'app'@'127.0.0.1' (using password: YES)");
  }

  @Test
  void unknownUser(MariaDbTopology topology) {
    assertRefusedLikeServer(
        topology.primary(),
        "nobody_here",
        "whatever",
        "",
        1045,
        "28000",
        "Access denied for user 'nobody_here'@'127.0.0.1' (using password: YES)");
  }

  @Test
  void noPassword(MariaDbTopology topology) throws Exception {
    String expected = "Access denied for user 'app'@'127.0.0.1' (using password: NO)";
    for (int port : new int[] {proxy.port(), topology.primary().port()}) {
      try (RawClient client = RawClient.connect(proxy.host(), port, Duration.ofSeconds(10))) {
        RawClient.Packet answer = client.authenticate(Credentials.APPLICATION.user(), "", "app");
        assertThat(answer.isError()).as("answer on port %d: %s", port, answer).isTrue();
        assertThat(answer.error().errorCode()).isEqualTo(1045);
        assertThat(answer.error().sqlState()).isEqualTo("28000");
        assertThat(answer.error().message()).isEqualTo(expected);
      }
    }
  }

  @Test
  void unknownDatabase(MariaDbTopology topology) {
    assertRefusedLikeServer(
        topology.primary(),
        Credentials.APPLICATION.user(),
        Credentials.APPLICATION.password(),
        "nope",
        1049,
        "42000",
        "Unknown database 'nope'");
  }

  @Test
  @DisplayName("a database the account has no grant on gets 1044 naming the account's host")
  void databaseNotGranted(MariaDbTopology topology) throws Exception {
    assertRefusedLikeServer(
        topology.primary(),
        ONE_DATABASE_USER,
        PASSWORD,
        "app",
        1044,
        "42000",
        "Access denied for user '" + ONE_DATABASE_USER + "'@'%' to database 'app'");
    try (Connection connection =
        DriverManager.getConnection(
            proxy.jdbcUrl("weir_auth_only") + "?connectTimeout=5000&socketTimeout=10000",
            ONE_DATABASE_USER,
            PASSWORD)) {
      assertThat(queryString(connection, "SELECT DATABASE()")).isEqualTo("weir_auth_only");
    }
  }

  @Test
  @DisplayName(
      "a database created since the users were loaded is reachable at once: the server decides")
  void databaseCreatedSinceTheLastLoad(MariaDbTopology topology) throws Exception {
    awaitUsersLoaded(proxy);
    String database = "weir_new_" + Long.toHexString(System.nanoTime());
    topology.primary().execute("CREATE DATABASE " + database);
    try (Connection connection =
        application(proxy.jdbcUrl(database) + "?connectTimeout=5000&socketTimeout=10000")) {
      assertThat(queryString(connection, "SELECT DATABASE()")).isEqualTo(database);
    } finally {
      topology.primary().execute("DROP DATABASE " + database);
    }
  }

  @Test
  void lockedAccount(MariaDbTopology topology) {
    assertRefusedLikeServer(
        topology.primary(),
        LOCKED_USER,
        PASSWORD,
        "",
        4151,
        "HY000",
        "Access denied, this account is locked");
  }

  @Test
  @DisplayName("root is refused with 1045 while enable_root_user is false")
  void rootRefused() {
    SQLException refused =
        refusal(proxy.jdbcUrl(""), Credentials.ADMIN.user(), Credentials.ADMIN.password());
    assertThat(refused.getErrorCode()).isEqualTo(1045);
    assertThat(refused.getSQLState()).isEqualTo("28000");
    assertThat(refused.getMessage())
        .contains("Access denied for user 'root'@'127.0.0.1' (using password: YES)");
  }

  @Test
  @DisplayName("a user created after the proxy started logs in: a failed login reloads the users")
  void userCreatedAfterStart(MariaDbTopology topology) throws Exception {
    // the start's own load counts against the refresh interval: a proxy that may reload at once
    try (TestingProxy fresh = TestingProxy.start(topology, "master", "", settings(Duration.ZERO))) {
      awaitUsersLoaded(fresh);
      String user = "weir_late_" + Long.toHexString(System.nanoTime());
      topology
          .primary()
          .execute(
              "CREATE USER '%s'@'%%' IDENTIFIED BY '%s'".formatted(user, PASSWORD),
              "GRANT SELECT ON app.* TO '%s'@'%%'".formatted(user));
      try (Connection connection =
          DriverManager.getConnection(
              fresh.jdbcUrl("app") + "?connectTimeout=5000&socketTimeout=10000", user, PASSWORD)) {
        assertThat(queryString(connection, "SELECT CURRENT_USER()")).isEqualTo(user + "@%");
      } finally {
        topology.primary().execute("DROP USER '%s'@'%%'".formatted(user));
      }
    }
  }

  @Test
  @DisplayName("max_connections: 1 refuses the second concurrent client with 1040")
  void maxConnections(MariaDbTopology topology) throws Exception {
    try (TestingProxy limited =
        TestingProxy.start(
            topology, "master", "      max_connections: 1\n", settings(Duration.ofSeconds(30)))) {
      String url = limited.jdbcUrl("app") + "?connectTimeout=5000&socketTimeout=10000";
      try (Connection first = application(url)) {
        assertThat(queryString(first, "SELECT 1")).isEqualTo("1");
        SQLException refused =
            refusal(url, Credentials.APPLICATION.user(), Credentials.APPLICATION.password());
        assertThat(refused.getErrorCode()).isEqualTo(1040);
        assertThat(refused.getSQLState()).isEqualTo("08004");
        assertThat(refused.getMessage()).contains("Too many connections");
        assertThat(queryString(first, "SELECT 2")).isEqualTo("2");
      }
      // the slot comes back once the proxy saw the first client leave
      Instant deadline = Instant.now().plusSeconds(5);
      while (true) {
        try (Connection again = application(url)) {
          assertThat(queryString(again, "SELECT 3")).isEqualTo("3");
          break;
        } catch (SQLException e) {
          if (e.getErrorCode() != 1040 || Instant.now().isAfter(deadline)) {
            throw e;
          }
          Thread.sleep(50);
        }
      }
    }
  }

  @Test
  @DisplayName("a TLS listener serves verified TLS clients and refuses plain ones with 1045")
  void tlsListener(MariaDbTopology topology, @TempDir Path directory) throws Exception {
    TestCertificates certificates = TestCertificates.writeTo(directory);
    try (TestingProxy secure =
        TestingProxy.start(
            topology,
            "master",
            "",
            settings(Duration.ofSeconds(30)),
            TestingProxy.tlsListenerParameters(certificates))) {
      String base = secure.jdbcUrl("app") + "?connectTimeout=5000&socketTimeout=10000";
      try (Connection connection =
          application(base + "&sslMode=verify-ca&serverSslCert=" + certificates.caCertificate())) {
        assertThat(queryString(connection, "SELECT 1")).isEqualTo("1");
      }
      SQLException plain =
          refusal(
              base + "&sslMode=disable",
              Credentials.APPLICATION.user(),
              Credentials.APPLICATION.password());
      assertThat(plain.getErrorCode()).isEqualTo(1045);
      assertThat(plain.getSQLState()).isEqualTo("28000");
      assertThat(plain.getMessage()).contains("requires TLS");
    }
  }

  /** The proxy refuses as the server does, and the server's wording is {@code message}. */
  private void assertRefusedLikeServer(
      MariaDbServer server,
      String user,
      String password,
      String database,
      int errno,
      String sqlState,
      String message) {
    String options = "?connectTimeout=5000&socketTimeout=10000";
    SQLException direct = refusal(server.jdbcUrl(database) + options, user, password);
    SQLException proxied = refusal(proxy.jdbcUrl(database) + options, user, password);
    for (SQLException refused : new SQLException[] {direct, proxied}) {
      String which = (refused == direct ? "the server: " : "the proxy: ") + refused;
      assertThat(refused.getErrorCode()).as(which).isEqualTo(errno);
      assertThat(refused.getSQLState()).as(which).isEqualTo(sqlState);
      assertThat(withoutConnectionId(refused.getMessage())).as(which).isEqualTo(message);
    }
  }

  private static SQLException refusal(String url, String user, String password) {
    try {
      DriverManager.getConnection(url, user, password).close();
    } catch (SQLException e) {
      return e;
    }
    return fail("%s logged in at %s", user, url);
  }

  private static String withoutConnectionId(String message) {
    return message.replaceFirst("^\\(conn=\\d+\\) ", "");
  }

  private static Connection application(String url) throws SQLException {
    return DriverManager.getConnection(
        url, Credentials.APPLICATION.user(), Credentials.APPLICATION.password());
  }

  private static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }

  /** Waits until the start's load is in, so the login below fails against a loaded snapshot. */
  private static void awaitUsersLoaded(TestingProxy proxy) throws Exception {
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      try {
        application(proxy.jdbcUrl("app") + "?connectTimeout=5000&socketTimeout=10000").close();
        return;
      } catch (SQLException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static ProxySettings settings(Duration usersRefreshInterval) {
    ProxySettings defaults = ProxySettings.defaults();
    return new ProxySettings(
        defaults.maximumPacketLength(),
        defaults.connectTimeout(),
        defaults.authenticationTimeout(),
        usersRefreshInterval,
        defaults.eventLoops(),
        defaults.writeBufferLowWaterMark(),
        defaults.writeBufferHighWaterMark());
  }
}
