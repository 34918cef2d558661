/**
 * Authentication plugins' computations. mysql_native_password lets a proxy that verified a client
 * recover what it needs to answer a backend's different scramble without knowing the password.
 *
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
@NullMarked
package io.weir.wire.auth;

import org.jspecify.annotations.NullMarked;
