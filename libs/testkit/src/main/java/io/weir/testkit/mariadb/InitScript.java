package io.weir.testkit.mariadb;

import java.util.List;

/**
 * The SQL every server of a topology runs at each start ({@code --init-file}): the kit's accounts
 * and the application's database.
 *
 * <p>It runs with the binlog off, so each server holds the same accounts without writing events of
 * its own: a replica's binlog then contains only what it replicated, as GTID strict mode requires,
 * and a promoted replica already has every account. Each statement is idempotent because the script
 * runs again on every restart.
 */
final class InitScript {

  /** The database the application account works in by default. */
  static final String APPLICATION_DATABASE = "app";

  // grants named as MariaDB 10.5+ spells them, so 10.11 and 11.4 accept the same script
  private static final String SERVICE_GRANTS =
      "SELECT, SHOW DATABASES, PROCESS, RELOAD, EVENT, SUPER, BINLOG MONITOR, SLAVE MONITOR,"
          + " REPLICATION SLAVE, REPLICATION SLAVE ADMIN, READ_ONLY ADMIN, BINLOG ADMIN,"
          + " CONNECTION ADMIN, SET USER";

  private static final String APPLICATION_GRANTS =
      "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, REFERENCES, CREATE TEMPORARY"
          + " TABLES, LOCK TABLES, EXECUTE, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE,"
          + " EVENT, TRIGGER";

  private InitScript() {}

  static String sql() {
    StringBuilder sql = new StringBuilder("SET sql_log_bin = 0;\n");
    // mariadb-install-db's password-less root accounts for loopback addresses would shadow ours
    sql.append("DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1', ''@'localhost', ''@'%';\n");
    account(sql, Credentials.ADMIN, "ALL PRIVILEGES", true);
    account(sql, Credentials.SERVICE, SERVICE_GRANTS, false);
    account(sql, Credentials.APPLICATION, APPLICATION_GRANTS, false);
    account(sql, Credentials.REPLICATION, "REPLICATION SLAVE", false);
    sql.append("CREATE DATABASE IF NOT EXISTS ").append(APPLICATION_DATABASE).append(";\n");
    return sql.toString();
  }

  private static void account(
      StringBuilder sql, Credentials credentials, String grants, boolean grantOption) {
    for (String host : List.of("%", "localhost")) {
      String account = "'" + credentials.user() + "'@'" + host + "'";
      sql.append("CREATE USER IF NOT EXISTS ")
          .append(account)
          .append(" IDENTIFIED BY '")
          .append(credentials.password())
          .append("';\n");
      // ALTER keeps the password right when a data directory already had the account
      sql.append("ALTER USER ")
          .append(account)
          .append(" IDENTIFIED BY '")
          .append(credentials.password())
          .append("';\n");
      sql.append("GRANT ")
          .append(grants)
          .append(" ON *.* TO ")
          .append(account)
          .append(grantOption ? " WITH GRANT OPTION" : "")
          .append(";\n");
    }
  }
}
