package io.weir.proxy.backend;

import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;

/**
 * A server the proxy connects to.
 *
 * @param name the server resource's id
 * @param host its address
 * @param port its port
 * @param tls the client-side TLS context when the server resource sets {@code ssl}, else null
 */
public record BackendTarget(String name, String host, int port, @Nullable SslContext tls) {}
