package io.weir.admin.config;

import io.weir.admin.resource.AuditLog;
import io.weir.admin.security.AccountChanges;
import io.weir.admin.security.AccountTopic;
import io.weir.admin.security.Accounts;
import io.weir.control.topic.ConfigTopicProperties;
import java.time.InstantSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Opens the accounts topic of {@code /v1/users} on the brokers of {@code weir.config}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UsersProperties.class)
public class UsersConfiguration {

  /**
   * The accounts topic when Kafka is configured; without Kafka, no accounts beyond the configured
   * ones.
   */
  @Bean(destroyMethod = "close")
  AccountTopic accountTopic(UsersProperties users, ConfigTopicProperties topic) {
    if (!topic.enabled()) {
      return AccountTopic.none(topic.timeout());
    }
    return AccountTopic.open(
        users.topic(), topic.clientProperties(), topic.replicationFactor(), topic.timeout());
  }

  @Bean
  AccountChanges accountChanges(
      Accounts accounts, AccountTopic topic, PasswordEncoder encoder, AuditLog audit) {
    return new AccountChanges(accounts, topic, encoder, audit, InstantSource.system());
  }
}
