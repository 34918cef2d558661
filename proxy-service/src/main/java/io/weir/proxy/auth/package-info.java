/**
 * The proxy's transparent authentication data, as MaxScale's MariaDBAuth keeps it: the accounts and
 * grants of the backends, so that the proxy can authenticate clients itself.
 *
 * <p>The proxy sends its own scramble, checks the client's {@code mysql_native_password} response
 * against the hash stored in the backend's {@code mysql.global_priv} ({@link
 * io.weir.wire.auth.MysqlNativePassword#verify}), picks the account the way MariaDB does ({@link
 * io.weir.proxy.auth.UserAccounts#find}) and checks the requested database ({@link
 * io.weir.proxy.auth.UserAccounts#canAccess}, {@link
 * io.weir.proxy.auth.UserAccounts#databaseExists}).
 *
 * <p>{@link io.weir.proxy.auth.UserAccountLoader} reads the grant tables over JDBC with the
 * service's account, which needs global {@code SELECT} (or {@code SELECT} on the {@code mysql}
 * schema) and {@code SHOW DATABASES}. Loading blocks, so {@link
 * io.weir.proxy.auth.UserAccountCache} runs it on an executor the caller supplies and the event
 * loops only ever read the current immutable {@link io.weir.proxy.auth.UserAccounts} snapshot. A
 * failed login may reload the accounts (a user created since the last load), at most once per
 * minimum refresh interval, like MaxScale's {@code users_refresh_time}.
 *
 * <p>Not covered: host names other than {@code localhost} are never resolved (as with {@code
 * skip_name_resolve}), password lifetimes other than an explicit {@code PASSWORD EXPIRE}, roles
 * other than an account's default role, and authentication plugins other than {@code
 * mysql_native_password}, whose accounts are kept with their plugin name so the proxy can refuse
 * them with a clear error.
 */
@NullMarked
package io.weir.proxy.auth;

import org.jspecify.annotations.NullMarked;
