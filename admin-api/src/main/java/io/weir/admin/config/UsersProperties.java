package io.weir.admin.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the accounts made through {@code /v1/users} live ({@code weir.admin.users.*}); the brokers,
 * timeout and replication are {@code weir.config}'s.
 *
 * @param topic the compacted topic of accounts ({@code topic}, default {@code weir.admin.users}),
 *     created with one partition when missing; only the admin API should be allowed to read it
 */
@ConfigurationProperties("weir.admin.users")
public record UsersProperties(@DefaultValue("weir.admin.users") String topic) {}
