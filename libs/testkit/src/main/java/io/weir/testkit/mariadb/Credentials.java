package io.weir.testkit.mariadb;

/**
 * A MariaDB account the kit creates on every server of a topology.
 *
 * @param user the user name; the host part is {@code '%'}
 * @param password its password, hashed by {@code mysql_native_password}
 */
public record Credentials(String user, String password) {

  /** Full privileges, for the kit's own set-up and for tests that administer the servers. */
  public static final Credentials ADMIN = new Credentials("root", "weir-root");

  /**
   * What MaxScale's monitor and routers need: reading the grant tables to authenticate clients,
   * watching and changing replication, failover and switchover, and reading the binlog for CDC.
   */
  public static final Credentials SERVICE = new Credentials("weir", "weir-service");

  /** An application's account: data and schema changes, nothing administrative. */
  public static final Credentials APPLICATION = new Credentials("app", "app-password");

  /** The account replicas use to read the primary's binlog. */
  public static final Credentials REPLICATION = new Credentials("repl", "repl-password");

  @Override
  public String toString() {
    return user; // keeps passwords out of test reports and logs
  }
}
