package io.weir.proxy.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The proxy's start-up settings ({@code weir.proxy.*}).
 *
 * @param configFile a static configuration file of servers, monitors, services and listeners
 *     ({@code weir.proxy.config-file}); without one the proxy runs no monitor
 */
@ConfigurationProperties("weir.proxy")
public record ProxyProperties(@Nullable Path configFile) {}
