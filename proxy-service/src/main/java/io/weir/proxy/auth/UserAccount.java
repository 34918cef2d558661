package io.weir.proxy.auth;

import java.util.Arrays;

/**
 * An account from the backend's {@code mysql.global_priv}: a user name and the host pattern it may
 * connect from, with what authenticating it needs.
 *
 * @param user the user name; empty for an anonymous account, which matches any name
 * @param host the host part: a name, an IP address, a pattern with {@code %} and {@code _}, or
 *     {@code a.b.c.d/m.m.m.m}
 * @param plugin the authentication plugin, such as {@code mysql_native_password} or {@code ed25519}
 * @param storedHash for {@code mysql_native_password}, the 20 bytes of {@code
 *     SHA1(SHA1(password))}; empty when the account has no password or uses another plugin
 * @param locked whether the account was locked ({@code ACCOUNT LOCK})
 * @param passwordExpired whether the password was expired ({@code PASSWORD EXPIRE})
 * @param globalDatabaseAccess whether a global privilege that applies to databases ({@code SELECT},
 *     {@code INSERT}, ... as MariaDB's {@code DB_ACLS}) lets the account use any database
 * @param superuser whether it has {@code SUPER} or {@code CONNECTION ADMIN}, and so may connect
 *     past {@code max_connections}
 */
public record UserAccount(
    String user,
    String host,
    String plugin,
    byte[] storedHash,
    boolean locked,
    boolean passwordExpired,
    boolean globalDatabaseAccess,
    boolean superuser) {

  public UserAccount {
    // a record shares its arrays; copying keeps the snapshot immutable
    storedHash = storedHash.clone();
  }

  @Override
  public byte[] storedHash() {
    return storedHash.clone();
  }

  /** Whether the account has no password: an empty response authenticates it. */
  public boolean hasPassword() {
    return storedHash.length > 0;
  }

  /** {@code 'user'@'host'}, as MariaDB names an account in its messages. */
  public String name() {
    return "'" + user + "'@'" + host + "'";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UserAccount that
        && user.equals(that.user)
        && host.equals(that.host)
        && plugin.equals(that.plugin)
        && Arrays.equals(storedHash, that.storedHash)
        && locked == that.locked
        && passwordExpired == that.passwordExpired
        && globalDatabaseAccess == that.globalDatabaseAccess
        && superuser == that.superuser;
  }

  @Override
  public int hashCode() {
    int result = user.hashCode();
    result = 31 * result + host.hashCode();
    result = 31 * result + plugin.hashCode();
    result = 31 * result + Arrays.hashCode(storedHash);
    result = 31 * result + Boolean.hashCode(locked);
    result = 31 * result + Boolean.hashCode(passwordExpired);
    result = 31 * result + Boolean.hashCode(globalDatabaseAccess);
    return 31 * result + Boolean.hashCode(superuser);
  }

  @Override
  public String toString() {
    // the hash stays out of logs: with a sniffed handshake it would reveal SHA1(password)
    return "UserAccount["
        + name()
        + ", plugin="
        + plugin
        + ", password="
        + hasPassword()
        + ", locked="
        + locked
        + ", passwordExpired="
        + passwordExpired
        + ", globalDatabaseAccess="
        + globalDatabaseAccess
        + ", superuser="
        + superuser
        + "]";
  }
}
