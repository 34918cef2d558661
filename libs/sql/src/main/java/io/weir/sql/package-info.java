/**
 * SQL as the proxy and the probe need it: a lexer for MariaDB's dialect, a classifier that tells a
 * router what a statement does (read, write, transaction control, session state), and a
 * fingerprinter that reduces a statement to its template. Plain Java.
 */
@NullMarked
package io.weir.sql;

import org.jspecify.annotations.NullMarked;
