package io.weir.sql.hint;

/** Where a {@code route to} hint sends a statement. */
public enum RouteTarget {
  MASTER,
  SLAVE,
  /** The server named in the hint; {@link Hint.Route#serverName()} holds it. */
  SERVER,
  /** The server that ran the previous statement. */
  LAST
}
