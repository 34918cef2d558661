package io.weir.proxy.runtime;

import java.time.Duration;

/**
 * Process-wide settings of the proxy's data path.
 *
 * @param maximumPacketLength the largest logical packet a client may send (error 1153 beyond), and
 *     the largest the proxy reads from a server during login and its own conversations
 * @param connectTimeout how long connecting and logging in to a server may take
 * @param authenticationTimeout how long a client may take to log in
 * @param usersRefreshInterval how often failed logins may reload users (MaxScale's {@code
 *     users_refresh_time})
 * @param eventLoops the number of event loops; 0 means one per core
 * @param writeBufferLowWaterMark a channel counts as writable again below this many queued bytes
 * @param writeBufferHighWaterMark a channel counts as full above this many queued bytes
 */
public record ProxySettings(
    int maximumPacketLength,
    Duration connectTimeout,
    Duration authenticationTimeout,
    Duration usersRefreshInterval,
    int eventLoops,
    int writeBufferLowWaterMark,
    int writeBufferHighWaterMark) {

  /** The defaults, the same as {@code weir.proxy.*}'s. */
  public static ProxySettings defaults() {
    return new ProxySettings(
        64 * 1024 * 1024,
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        0,
        64 * 1024,
        256 * 1024);
  }
}
