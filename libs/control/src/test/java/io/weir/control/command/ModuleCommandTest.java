package io.weir.control.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.control.api.ApiError;
import io.weir.control.config.Configuration;
import io.weir.control.config.StaticConfiguration;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleCommandTest {

  private static final String CONFIGURATION =
      """
      servers:
        db1: {parameters: {address: 127.0.0.1, port: 3306}}
      monitors:
        cluster1:
          module: mariadbmon
          servers: [db1]
          parameters: {user: weir, password: x}
      services:
        reads:
          router: readconnroute
          servers: [db1]
          parameters: {user: weir, password: x}
      """;

  private final Configuration configuration = parse();

  private static Configuration parse() {
    try {
      return StaticConfiguration.parse("c.yaml", new StringReader(CONFIGURATION));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aCallNamingAnExistingResourceOfTheRightModuleMayRun() {
    assertThat(ModuleCommands.MARIADBMON_POLL.check(List.of("cluster1"), configuration)).isEmpty();
  }

  @Test
  void wrongCountsMissingResourcesAndWrongModulesAreRefusedByName() {
    assertThat(ModuleCommands.MARIADBMON_POLL.check(List.of(), configuration))
        .extracting(ApiError::detail)
        .containsExactly("mariadbmon/poll takes 1 argument(s) (monitor), not 0");
    assertThat(ModuleCommands.MARIADBMON_POLL.check(List.of("cluster9"), configuration))
        .extracting(ApiError::detail)
        .containsExactly("argument 'monitor': there is no monitors/cluster9");
  }

  @Test
  void commandsAreFoundByModuleAndName() {
    assertThat(ModuleCommands.find("mariadbmon", "poll")).contains(ModuleCommands.MARIADBMON_POLL);
    assertThat(ModuleCommands.find("mariadbmon", "switchover")).isEmpty();
  }
}
