package io.weir.proxy.session;

import org.jspecify.annotations.Nullable;

/**
 * The parameters of a service that a client session reads once, when it connects. A runtime change
 * replaces them whole, so a session never sees half of one.
 *
 * @param enableRootUser the service's {@code enable_root_user}
 * @param maxConnections the service's {@code max_connections}, 0 for no limit
 * @param versionString the service's {@code version_string}, null to announce the servers' own
 */
public record ServiceSessionSettings(
    boolean enableRootUser, int maxConnections, @Nullable String versionString) {}
