package io.weir.proxy.router.readwritesplit;

/** Where {@link RoutingRules} sends a statement. */
enum Destination {
  /** The session's master connection. */
  MASTER,
  /** One of the session's replica connections (or the master when reads may use it). */
  SLAVE,
  /** Every connection of the session: a session command. */
  ALL,
  /** The connection that ran the previous statement. */
  LAST,
  /** The connection the open transaction runs on. */
  TRANSACTION
}
