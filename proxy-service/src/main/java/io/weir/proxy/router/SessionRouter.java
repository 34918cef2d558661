package io.weir.proxy.router;

import io.weir.proxy.metrics.SessionMeters;

/**
 * A router whose sessions each hold their own {@link RouterSession}, because it routes command by
 * command rather than choosing one server at connect time.
 */
public interface SessionRouter extends Router {

  /** A new session for a client that has just authenticated. */
  RouterSession newSession(ClientPort client, SessionMeters meters);
}
