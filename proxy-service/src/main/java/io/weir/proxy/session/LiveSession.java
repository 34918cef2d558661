package io.weir.proxy.session;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What other threads may read of a session: who it is and which server connection it uses. The
 * session's own event loop writes these fields; KILL from another session reads them.
 */
public final class LiveSession {
  private final long id;
  private final String service;
  private final String clientAddress;
  private final Instant connectedAt;
  private volatile String user = "";
  private volatile @Nullable String server;
  private volatile long backendThreadId;
  private volatile @Nullable Runnable ender;

  LiveSession(long id, String service, String clientAddress, Instant connectedAt) {
    this.id = id;
    this.service = service;
    this.clientAddress = clientAddress;
    this.connectedAt = connectedAt;
  }

  public long id() {
    return id;
  }

  public String service() {
    return service;
  }

  public String clientAddress() {
    return clientAddress;
  }

  /** When the client connected. */
  public Instant connectedAt() {
    return connectedAt;
  }

  public String user() {
    return user;
  }

  /** The server the session's backend connection goes to, null before it has one. */
  public @Nullable String server() {
    return server;
  }

  /** The backend connection's id on {@link #server()}. */
  public long backendThreadId() {
    return backendThreadId;
  }

  /**
   * How a KILL CONNECTION ends the whole session, for sessions whose KILL reaches only one of
   * several backend connections (readwritesplit); null otherwise.
   */
  @Nullable Runnable ender() {
    return ender;
  }

  void ender(Runnable end) {
    this.ender = end;
  }

  void user(String name) {
    this.user = name;
  }

  void backend(@Nullable String serverName, long threadId) {
    this.backendThreadId = threadId;
    this.server = serverName;
  }
}
