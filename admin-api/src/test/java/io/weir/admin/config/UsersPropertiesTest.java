package io.weir.admin.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class UsersPropertiesTest {

  @Test
  void accountsLiveInWeirAdminUsersUnlessSet() {
    assertThat(bind(Map.of()).topic()).isEqualTo("weir.admin.users");
    assertThat(bind(Map.of("weir.admin.users.topic", "accounts")).topic()).isEqualTo("accounts");
  }

  private static UsersProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("weir.admin.users", UsersProperties.class);
  }
}
