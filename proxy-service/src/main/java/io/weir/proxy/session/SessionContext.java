package io.weir.proxy.session;

import io.netty.handler.ssl.SslContext;
import io.weir.proxy.auth.UserAccountCache;
import io.weir.proxy.backend.BackendConnector;
import io.weir.proxy.metrics.SessionMeters;
import io.weir.proxy.router.Router;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What the sessions of one listener share: its service's users, router and limits, the connector to
 * servers, and the registry KILL looks sessions up in.
 *
 * @param listener the listener's id
 * @param service the service's id
 * @param users the service's user accounts
 * @param serviceSettings the service's parameters a session reads when it connects; they change at
 *     runtime
 * @param serviceSessions sessions open on the service, over all its listeners
 * @param router the service's router
 * @param connector opens backend connections
 * @param sessions every session of the proxy
 * @param tls the listener's TLS context, null when it does not offer TLS
 * @param serverVersion the version string the handshake announces
 * @param maximumPacketLength the largest client packet accepted (error 1153 beyond)
 * @param authenticationTimeout how long a client may take to log in
 * @param random the source of scrambles
 * @param clock the time the user cache's load times are compared with
 * @param meters the listener's and service's meters
 */
public record SessionContext(
    String listener,
    String service,
    UserAccountCache users,
    Supplier<ServiceSessionSettings> serviceSettings,
    AtomicInteger serviceSessions,
    Router router,
    BackendConnector connector,
    SessionRegistry sessions,
    @Nullable SslContext tls,
    Supplier<String> serverVersion,
    int maximumPacketLength,
    Duration authenticationTimeout,
    RandomGenerator random,
    InstantSource clock,
    SessionMeters meters) {}
