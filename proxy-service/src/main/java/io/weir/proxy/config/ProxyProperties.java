package io.weir.proxy.config;

import io.weir.proxy.runtime.ProxySettings;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The proxy's start-up settings ({@code weir.proxy.*}).
 *
 * @param configFile a static configuration file of servers, monitors, services and listeners
 *     ({@code weir.proxy.config-file}); without one the proxy runs no monitor and opens no port
 * @param maxAllowedPacket the largest packet a client may send ({@code max-allowed-packet}, default
 *     64MB); larger ones get error 1153 and the connection is closed, as the server does
 * @param connectTimeout how long connecting and logging in to a server may take ({@code
 *     connect-timeout}, default 10s)
 * @param authenticationTimeout how long a client may take to log in ({@code
 *     authentication-timeout}, default 10s)
 * @param usersRefreshInterval how often failed logins may reload users from the servers ({@code
 *     users-refresh-interval}, default 30s; MaxScale's {@code users_refresh_time})
 * @param eventLoops event loop threads ({@code event-loops}); 0, the default, means one per core
 * @param writeBufferLowWaterMark a connection takes writes again below this ({@code
 *     write-buffer-low-water-mark}, default 64KB)
 * @param writeBufferHighWaterMark above this much unsent data to a client the proxy stops reading
 *     its server ({@code write-buffer-high-water-mark}, default 256KB)
 */
@ConfigurationProperties("weir.proxy")
public record ProxyProperties(
    @Nullable Path configFile,
    @DefaultValue("64MB") DataSize maxAllowedPacket,
    @DefaultValue("10s") Duration connectTimeout,
    @DefaultValue("10s") Duration authenticationTimeout,
    @DefaultValue("30s") Duration usersRefreshInterval,
    @DefaultValue("0") int eventLoops,
    @DefaultValue("64KB") DataSize writeBufferLowWaterMark,
    @DefaultValue("256KB") DataSize writeBufferHighWaterMark) {

  /** The data-path settings these properties describe. */
  public ProxySettings settings() {
    return new ProxySettings(
        Math.toIntExact(maxAllowedPacket.toBytes()),
        connectTimeout,
        authenticationTimeout,
        usersRefreshInterval,
        eventLoops,
        Math.toIntExact(writeBufferLowWaterMark.toBytes()),
        Math.toIntExact(writeBufferHighWaterMark.toBytes()));
  }
}
