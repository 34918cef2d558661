package io.weir.proxy.auth;

import io.weir.cluster.server.ServerEndpoint;
import io.weir.wire.auth.MysqlNativePassword;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Reads the accounts, grants and databases of a backend over JDBC. It blocks: run it off the event
 * loops ({@link UserAccountCache} does).
 *
 * <p>The queries work on MariaDB 10.5 and later, reading {@code mysql.global_priv}'s JSON rather
 * than the {@code mysql.user} view so that {@code CONNECTION ADMIN}, which the view has no column
 * for, is seen too. Each load opens a new connection: loads are rare and a kept connection would
 * only add a broken-connection case.
 *
 * <p>One instance per service.
 */
public final class UserAccountLoader {

  /** How long a query may take when not given: grant tables of many thousand accounts. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private static final String ACCOUNTS =
      "SELECT User, Host,"
          + " JSON_VALUE(Priv, '$.plugin'),"
          + " JSON_VALUE(Priv, '$.authentication_string'),"
          + " JSON_VALUE(Priv, '$.account_locked'),"
          + " JSON_VALUE(Priv, '$.password_last_changed'),"
          + " JSON_VALUE(Priv, '$.access'),"
          + " JSON_VALUE(Priv, '$.is_role'),"
          + " JSON_VALUE(Priv, '$.default_role')"
          + " FROM mysql.global_priv";

  // a grant at any level inside a database lets the grantee USE it (the server's check_grant_db)
  private static final String DATABASE_GRANTS = "SELECT User, Host, Db FROM mysql.db";
  private static final String FINER_GRANTS =
      "SELECT User, Host, Db FROM mysql.tables_priv"
          + " UNION SELECT User, Host, Db FROM mysql.columns_priv"
          + " UNION SELECT User, Host, Db FROM mysql.procs_priv";
  private static final String ROLE_GRANTS = "SELECT User, Host, Role FROM mysql.roles_mapping";
  private static final String DATABASES = "SHOW DATABASES";
  private static final String LOWER_CASE_TABLE_NAMES = "SELECT @@lower_case_table_names";

  // MariaDB's privilege bits (sql/privilege.h, 10.5+)
  private static final long SELECT = 1L;
  private static final long INSERT = 1L << 1;
  private static final long UPDATE = 1L << 2;
  private static final long DELETE = 1L << 3;
  private static final long CREATE = 1L << 4;
  private static final long DROP = 1L << 5;
  private static final long GRANT = 1L << 10;
  private static final long REFERENCES = 1L << 11;
  private static final long INDEX = 1L << 12;
  private static final long ALTER = 1L << 13;
  private static final long SUPER = 1L << 15;
  private static final long CREATE_TEMPORARY_TABLES = 1L << 16;
  private static final long LOCK_TABLES = 1L << 17;
  private static final long EXECUTE = 1L << 18;
  private static final long CREATE_VIEW = 1L << 21;
  private static final long SHOW_VIEW = 1L << 22;
  private static final long CREATE_ROUTINE = 1L << 23;
  private static final long ALTER_ROUTINE = 1L << 24;
  private static final long EVENT = 1L << 26;
  private static final long TRIGGER = 1L << 27;
  private static final long DELETE_HISTORY = 1L << 29;
  private static final long CONNECTION_ADMIN = 1L << 32;

  /**
   * The server's {@code DB_ACLS}: global privileges that apply inside databases. Only these let an
   * account use any database; {@code PROCESS} or {@code SUPER} alone do not (mysql_change_db).
   */
  private static final long DATABASE_PRIVILEGES =
      SELECT
          | INSERT
          | UPDATE
          | DELETE
          | CREATE
          | DROP
          | GRANT
          | REFERENCES
          | INDEX
          | ALTER
          | CREATE_TEMPORARY_TABLES
          | LOCK_TABLES
          | EXECUTE
          | CREATE_VIEW
          | SHOW_VIEW
          | CREATE_ROUTINE
          | ALTER_ROUTINE
          | EVENT
          | TRIGGER
          | DELETE_HISTORY;

  private final List<ServerEndpoint> servers;
  private final String user;
  private final String password;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final InstantSource clock;

  /**
   * @param servers where to load from, tried in this order
   * @param user the service's account
   * @param password its password
   * @param connectTimeout how long to wait for each server's handshake
   */
  public UserAccountLoader(
      List<ServerEndpoint> servers, String user, String password, Duration connectTimeout) {
    this(servers, user, password, connectTimeout, DEFAULT_READ_TIMEOUT, InstantSource.system());
  }

  /**
   * @param readTimeout how long any one query may take before the server counts as failed
   * @param clock stamps each snapshot's {@link UserAccounts#loadedAt()}
   */
  public UserAccountLoader(
      List<ServerEndpoint> servers,
      String user,
      String password,
      Duration connectTimeout,
      Duration readTimeout,
      InstantSource clock) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("user accounts need at least one server to load from");
    }
    this.servers = List.copyOf(servers);
    this.user = user;
    this.password = password;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.clock = clock;
  }

  /**
   * Loads from the first server that answers.
   *
   * @throws UserAccountsUnavailableException when none does, naming each server and its error
   */
  public UserAccounts load() {
    List<String> failures = new ArrayList<>();
    List<SQLException> causes = new ArrayList<>();
    for (ServerEndpoint server : servers) {
      try {
        return loadFrom(server);
      } catch (SQLException e) {
        failures.add(server.name() + " (" + server.address() + "): " + describe(e));
        causes.add(e);
      }
    }
    UserAccountsUnavailableException failure =
        new UserAccountsUnavailableException(
            "could not load user accounts from any server: " + String.join("; ", failures));
    causes.forEach(failure::addSuppressed);
    throw failure;
  }

  private UserAccounts loadFrom(ServerEndpoint server) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
    properties.setProperty("socketTimeout", Long.toString(readTimeout.toMillis()));
    try (Connection connection =
            DriverManager.getConnection("jdbc:mariadb://" + server.address() + "/", properties);
        Statement statement = connection.createStatement()) {
      Instant loadedAt = clock.instant();
      List<UserAccount> accounts = new ArrayList<>();
      List<DatabaseGrant> databaseGrants = new ArrayList<>();
      Map<Grantee, String> defaultRoles = new HashMap<>();
      try (ResultSet rows = statement.executeQuery(ACCOUNTS)) {
        while (rows.next()) {
          String name = text(rows.getString(1));
          String host = text(rows.getString(2));
          long access = access(rows.getString(7));
          if (isTrue(rows.getString(8))) {
            if ((access & DATABASE_PRIVILEGES) != 0) {
              // a role's global privilege opens every database, which the pattern % says
              databaseGrants.add(new DatabaseGrant(name, "", "%", true));
            }
            continue;
          }
          accounts.add(account(rows, name, host, access));
          String defaultRole = text(rows.getString(9));
          if (!defaultRole.isEmpty()) {
            defaultRoles.put(new Grantee(name, host.toLowerCase(Locale.ROOT)), defaultRole);
          }
        }
      }
      try (ResultSet rows = statement.executeQuery(DATABASE_GRANTS)) {
        while (rows.next()) {
          databaseGrants.add(
              new DatabaseGrant(
                  text(rows.getString(1)), text(rows.getString(2)), text(rows.getString(3)), true));
        }
      }
      try (ResultSet rows = statement.executeQuery(FINER_GRANTS)) {
        while (rows.next()) {
          databaseGrants.add(
              new DatabaseGrant(
                  text(rows.getString(1)),
                  text(rows.getString(2)),
                  text(rows.getString(3)),
                  false));
        }
      }
      List<RoleGrant> roleGrants = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery(ROLE_GRANTS)) {
        while (rows.next()) {
          String grantee = text(rows.getString(1));
          String host = text(rows.getString(2));
          String role = text(rows.getString(3));
          boolean isDefault =
              role.equals(defaultRoles.get(new Grantee(grantee, host.toLowerCase(Locale.ROOT))));
          roleGrants.add(new RoleGrant(grantee, host, role, isDefault));
        }
      }
      List<String> databases = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery(DATABASES)) {
        while (rows.next()) {
          databases.add(text(rows.getString(1)));
        }
      }
      boolean caseInsensitive;
      try (ResultSet row = statement.executeQuery(LOWER_CASE_TABLE_NAMES)) {
        caseInsensitive = row.next() && row.getInt(1) != 0;
      }
      return UserAccounts.of(
          loadedAt, accounts, databaseGrants, roleGrants, databases, caseInsensitive);
    }
  }

  private static UserAccount account(ResultSet row, String name, String host, long access)
      throws SQLException {
    String plugin = text(row.getString(3));
    if (plugin.isEmpty()) {
      // accounts created before plugins were recorded use the server's default
      plugin = MysqlNativePassword.PLUGIN_NAME;
    }
    String authentication = text(row.getString(4));
    byte[] storedHash = new byte[0];
    if (plugin.equals(MysqlNativePassword.PLUGIN_NAME)) {
      try {
        storedHash = MysqlNativePassword.parseStoredHash(authentication);
      } catch (IllegalArgumentException e) {
        // a malformed hash matches no password; marking the account locked keeps it unusable
        // rather than letting an empty hash admit an empty response
        return new UserAccount(name, host, plugin, new byte[0], true, false, false, false);
      }
    }
    boolean locked = isTrue(row.getString(5));
    String lastChanged = row.getString(6);
    // ALTER USER ... PASSWORD EXPIRE writes 0; accounts without the key never expired
    boolean expired = lastChanged != null && access(lastChanged) == 0;
    return new UserAccount(
        name,
        host,
        plugin,
        storedHash,
        locked,
        expired,
        (access & DATABASE_PRIVILEGES) != 0,
        (access & (SUPER | CONNECTION_ADMIN)) != 0);
  }

  private record Grantee(String user, String host) {}

  private static long access(@Nullable String number) {
    if (number == null || number.isEmpty()) {
      return 0;
    }
    // JSON numbers may come back in exponent form; BigDecimal reads both
    return new BigDecimal(number).longValue();
  }

  private static boolean isTrue(@Nullable String value) {
    return "true".equalsIgnoreCase(value) || "1".equals(value);
  }

  private static String text(@Nullable String value) {
    return value == null ? "" : value;
  }

  private static String describe(SQLException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
