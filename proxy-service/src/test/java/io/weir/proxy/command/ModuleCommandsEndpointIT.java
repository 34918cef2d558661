package io.weir.proxy.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.proxy.RunningProxyService;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A module command run on one proxy instance over its management port. */
@WithMariaDb(replicas = 1)
class ModuleCommandsEndpointIT {

  @Test
  @DisplayName(
      "mariadbmon poll runs a monitor round at once and answers with the servers' states; unknown"
          + " commands, monitors and wrong argument counts are refused")
  void pollsAMonitorNow(MariaDbTopology topology, @TempDir Path directory) throws Exception {
    Path config = directory.resolve("weir.yaml");
    Files.writeString(
        config,
        """
        servers:
          db1: {parameters: {address: 127.0.0.1, port: %d}}
          db2: {parameters: {address: 127.0.0.1, port: %d}}
        monitors:
          cluster1:
            module: mariadbmon
            servers: [db1, db2]
            parameters: {user: %s, password: %s, monitor_interval: 1h}
        """
            .formatted(
                topology.primary().port(),
                topology.replicas().getFirst().port(),
                Credentials.SERVICE.user(),
                Credentials.SERVICE.password()));
    try (RunningProxyService proxy = RunningProxyService.start(config)) {
      // with an hour between rounds, only the command's round can show a second one
      HttpResponse<String> polled = proxy.post("/v1/modules/mariadbmon/poll?cluster1");
      assertThat(polled.statusCode()).as(polled.body()).isEqualTo(200);
      JsonNode meta = RunningProxyService.json(polled).get("meta");
      assertThat(meta.get("monitor").asText()).isEqualTo("cluster1");
      assertThat(meta.get("round").asLong()).isGreaterThanOrEqualTo(2);
      assertThat(meta.at("/servers/db1").asText()).isEqualTo("Master, Running");
      assertThat(meta.at("/servers/db2").asText()).isEqualTo("Slave, Running");

      HttpResponse<String> unknownMonitor = proxy.post("/v1/modules/mariadbmon/poll?cluster9");
      assertThat(unknownMonitor.statusCode()).isEqualTo(400);
      assertThat(unknownMonitor.body()).contains("no monitor 'cluster9'");
      HttpResponse<String> noArgument = proxy.post("/v1/modules/mariadbmon/poll");
      assertThat(noArgument.statusCode()).isEqualTo(400);
      assertThat(noArgument.body()).contains("takes 1 argument");
      HttpResponse<String> unknownCommand = proxy.post("/v1/modules/mariadbmon/switchover?x");
      assertThat(unknownCommand.statusCode()).isEqualTo(404);
      assertThat(unknownCommand.body()).contains("it has mariadbmon/poll");
    }
  }
}
