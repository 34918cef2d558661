/**
 * The command phase's client messages: the command byte of every command and the simple commands a
 * proxy decodes ({@code COM_QUERY}, {@code COM_INIT_DB}, {@code COM_PROCESS_KILL}, {@code
 * COM_CHANGE_USER}).
 *
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
@NullMarked
package io.weir.wire.command;

import org.jspecify.annotations.NullMarked;
