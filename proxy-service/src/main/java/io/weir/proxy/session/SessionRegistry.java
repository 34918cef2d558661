package io.weir.proxy.session;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every live session of the proxy, by the connection id the proxy gave its client. Clients see
 * these ids (in the handshake, {@code CONNECTION_ID()} is the backend's own), and {@code KILL}
 * names them, so they are unique across all listeners of the process.
 */
public final class SessionRegistry {
  // ids fit the handshake's four bytes; 0 is never used
  private static final long MAXIMUM_ID = 0xFFFF_FFFFL;

  private final AtomicLong lastId = new AtomicLong();
  private final Map<Long, LiveSession> sessions = new ConcurrentHashMap<>();

  /** A fresh id, not held by a live session. */
  long nextId() {
    while (true) {
      long id = lastId.updateAndGet(last -> last >= MAXIMUM_ID ? 1 : last + 1);
      if (!sessions.containsKey(id)) {
        return id;
      }
    }
  }

  void add(LiveSession session) {
    sessions.put(session.id(), session);
  }

  void remove(LiveSession session) {
    sessions.remove(session.id(), session);
  }

  /** The live session with this id, if any. */
  public Optional<LiveSession> find(long id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** How many sessions are open. */
  public int size() {
    return sessions.size();
  }

  /** A snapshot of the live sessions. */
  public Collection<LiveSession> all() {
    return java.util.List.copyOf(sessions.values());
  }
}
