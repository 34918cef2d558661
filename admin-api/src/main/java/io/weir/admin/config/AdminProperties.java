package io.weir.admin.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The admin API's start-up settings ({@code weir.admin.*}); where the resources live is {@code
 * weir.config.*}, the same for every service.
 *
 * @param configFile a static configuration file: it seeds an empty {@code weir.config} topic, and
 *     without Kafka it is what the API serves, read-only ({@code config-file})
 */
@ConfigurationProperties("weir.admin")
public record AdminProperties(@Nullable Path configFile) {}
