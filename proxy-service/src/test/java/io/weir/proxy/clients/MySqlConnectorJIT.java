package io.weir.proxy.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.exceptions.MySQLQueryInterruptedException;
import com.mysql.cj.jdbc.exceptions.MySQLStatementCancelledException;
import io.weir.testkit.mariadb.Credentials;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MySQL Connector/J through the proxy, with client-side prepared statements, server-side ones, and
 * server-side ones cached; plus what only this driver exposes: {@code changeUser} (COM_CHANGE_USER)
 * and {@code resetServerState} (COM_RESET_CONNECTION).
 */
class MySqlConnectorJIT extends JdbcDriverContract {

  private static final Credentials OTHER_USER = new Credentials("ycj_other", "ycj-other-password");

  @Override
  String url(String host, int port, String database, String settings) {
    // the test servers' accounts use mysql_native_password, so no public key retrieval; TLS is
    // off because the proxy's client side may not offer it
    return "jdbc:mysql://"
        + host
        + ":"
        + port
        + "/"
        + database
        + "?sslMode=DISABLED&characterEncoding=UTF-8&"
        + settings;
  }

  @Override
  String prefix() {
    return "ycj";
  }

  @Override
  List<String> settings() {
    return List.of(
        "useServerPrepStmts=false",
        "useServerPrepStmts=true&cachePrepStmts=false",
        "useServerPrepStmts=true&cachePrepStmts=true");
  }

  @Override
  List<String> batchSettings() {
    return List.of("rewriteBatchedStatements=false", "rewriteBatchedStatements=true");
  }

  @Override
  int streamingFetchSize() {
    // this driver streams row by row only when asked with this magic value
    return Integer.MIN_VALUE;
  }

  /**
   * This driver reports a cancelled query in one of two ways, depending on whether its own cancel
   * flag or the server's error reaches the executing thread first; both are a cancel.
   */
  @Override
  String cancelled(SQLException e) {
    return e instanceof MySQLStatementCancelledException
            || e instanceof MySQLQueryInterruptedException
        ? "cancelled"
        : super.cancelled(e);
  }

  @Override
  String expectedCancelOutcome() {
    return "cancelled";
  }

  @BeforeAll
  void createOtherUser() {
    for (String host : List.of("%", "localhost")) {
      String account = "'" + OTHER_USER.user() + "'@'" + host + "'";
      primary()
          .execute(
              "CREATE OR REPLACE USER "
                  + account
                  + " IDENTIFIED BY '"
                  + OTHER_USER.password()
                  + "'",
              "GRANT SELECT ON app.* TO " + account,
              "GRANT SELECT ON " + otherDatabase() + ".* TO " + account);
    }
  }

  @AfterAll
  void dropOtherUser() {
    primary()
        .execute(
            "DROP USER IF EXISTS '"
                + OTHER_USER.user()
                + "'@'%', '"
                + OTHER_USER.user()
                + "'@'localhost'");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void changeUserSwitchesTheAccountOnTheSameConnection(String settings) throws Exception {
    List<String> seen =
        sameThroughProxy(
            settings,
            (host, port, options) -> {
              try (Connection connection = connect(host, port, options)) {
                List<String> results = new ArrayList<>();
                try (Statement statement = connection.createStatement()) {
                  results.add(single(statement, "SELECT CURRENT_USER()"));
                  statement.execute("SET @before_change = 'set'");
                }
                connection
                    .unwrap(JdbcConnection.class)
                    .changeUser(OTHER_USER.user(), OTHER_USER.password());
                try (Statement statement = connection.createStatement()) {
                  results.add(single(statement, "SELECT CURRENT_USER()"));
                  results.add(single(statement, "SELECT @before_change"));
                  statement.execute("USE " + otherDatabase());
                  results.add(single(statement, "SELECT DATABASE()"));
                  try {
                    statement.execute("CREATE TABLE app.ycj_not_allowed (id INT)");
                    results.add("created a table it has no privilege for");
                  } catch (SQLException e) {
                    results.add(e.getErrorCode() + " " + e.getSQLState());
                  }
                }
                return results;
              }
            });

    assertThat(seen)
        .containsExactly(
            Credentials.APPLICATION.user() + "@%",
            OTHER_USER.user() + "@%",
            "null",
            otherDatabase(),
            "1142 42000");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void resetServerStateClearsSessionVariables(String settings) throws Exception {
    List<String> seen =
        sameThroughProxy(
            settings,
            (host, port, options) -> {
              try (Connection connection = connect(host, port, options)) {
                List<String> results = new ArrayList<>();
                try (Statement statement = connection.createStatement()) {
                  statement.execute("SET @marker = 42, SESSION sql_mode = 'ANSI_QUOTES'");
                  results.add(single(statement, "SELECT @marker"));
                  results.add(single(statement, "SELECT @@SESSION.sql_mode"));
                }
                connection.unwrap(JdbcConnection.class).resetServerState();
                try (Statement statement = connection.createStatement()) {
                  results.add(single(statement, "SELECT @marker"));
                  results.add(
                      single(
                          statement,
                          "SELECT @@SESSION.sql_mode = @@GLOBAL.sql_mode AS is_default"));
                  results.add(single(statement, "SELECT DATABASE()"));
                }
                return results;
              }
            });

    assertThat(seen).containsExactly("42", "ANSI_QUOTES", "null", "1", "app");
  }
}
