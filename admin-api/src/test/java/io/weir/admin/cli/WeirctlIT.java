package io.weir.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.admin.AdminApiApplication;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.process.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** weirctl against a running admin API on a real broker: tables, JSON, errors and exit codes. */
@WithKafka
class WeirctlIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one weirctl run printed and returned. */
  private record Run(int exit, String out, String err) {}

  @Test
  @DisplayName(
      "weirctl lists, shows, alters, creates and destroys resources, prints the API's errors, and"
          + " exits 0, 1, 2 or 3 as documented")
  void drivesTheAdminApi(KafkaBroker broker, @TempDir Path directory) throws Exception {
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"),
            """
            servers:
              db1: {parameters: {address: 127.0.0.1, port: 3306}}
            monitors:
              cluster1:
                module: mariadbmon
                servers: [db1]
                parameters: {user: weir, password: monitor-secret}
            services:
              split:
                router: readwritesplit
                cluster: cluster1
                parameters: {user: weir, password: service-secret, max_slave_connections: 1}
            """);
    try (ConfigurableApplicationContext admin =
        SpringApplication.run(
            AdminApiApplication.class,
            "--server.port=0",
            "--weir.admin.config-file=" + file,
            "--weir.admin.initial-password=ctl-password",
            "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
            "--weir.config.topic=weir.config." + UUID.randomUUID())) {
      String url =
          "http://127.0.0.1:" + admin.getEnvironment().getRequiredProperty("local.server.port");

      Run list = weirctl(url, "list", "services");
      assertThat(list.exit()).isZero();
      assertThat(list.out().lines().toList().getFirst()).startsWith("Id").contains("Router");
      assertThat(list.out()).contains("split", "readwritesplit", "max_slave_connections=1");
      assertThat(list.out()).doesNotContain("service-secret");

      Run show = weirctl(url, "show", "services", "split");
      assertThat(show.out()).containsPattern("Monitors\\s+cluster1");

      assertThat(weirctl(url, "alter", "services", "split", "max_slave_connections=2").exit())
          .isZero();
      assertThat(weirctl(url, "show", "services", "split").out())
          .containsPattern("max_slave_connections\\s+2");

      Run typo = weirctl(url, "alter", "services", "split", "max_slave_conections=2");
      assertThat(typo.exit()).isEqualTo(Weirctl.REFUSED);
      assertThat(typo.err())
          .contains("Error 400", "did you mean 'max_slave_connections'?")
          .contains("/data/attributes/parameters/max_slave_conections");

      assertThat(weirctl(url, "create", "servers", "db3", "address=127.0.0.1", "port=3309").exit())
          .isZero();
      Run json = weirctl(url, "--json", "show", "servers", "db3");
      assertThat(JSON.readTree(json.out()).at("/data/attributes/parameters/port").asText())
          .isEqualTo("3309");
      assertThat(
              weirctl(
                      url,
                      "create",
                      "services",
                      "reads",
                      "--router",
                      "readconnroute",
                      "--servers",
                      "db1,db3",
                      "user=weir",
                      "password=x",
                      "router_options=slave")
                  .exit())
          .isZero();
      assertThat(weirctl(url, "show", "services", "reads").out())
          .containsPattern("Servers\\s+db1, db3");

      assertThat(weirctl(url, "set", "server", "db3", "maintenance").exit()).isZero();
      assertThat(weirctl(url, "show", "servers", "db3").out())
          .containsPattern("Operator states\\s+maintenance");
      Run badState = weirctl(url, "set", "server", "db3", "asleep");
      assertThat(badState.exit()).isEqualTo(Weirctl.REFUSED);
      assertThat(badState.err()).contains("Error 400", "maintenance, drain");
      assertThat(weirctl(url, "clear", "server", "db3", "maintenance").exit()).isZero();
      assertThat(weirctl(url, "show", "servers", "db3").out())
          .doesNotContainPattern("Operator states\\s+maintenance");
      assertThat(weirctl(url, "alter", "services", "reads", "--servers", "db1").exit()).isZero();
      assertThat(weirctl(url, "show", "services", "reads").out())
          .containsPattern("Servers\\s+db1\\n");

      Run inUse = weirctl(url, "destroy", "monitors", "cluster1");
      assertThat(inUse.exit()).isEqualTo(Weirctl.REFUSED);
      assertThat(inUse.err()).contains("Error 409", "monitors/cluster1 is still in use");
      assertThat(weirctl(url, "destroy", "services", "reads").exit()).isZero();
      assertThat(weirctl(url, "destroy", "servers", "db3").exit()).isZero();
      assertThat(weirctl(url, "show", "servers", "db3").exit()).isEqualTo(Weirctl.REFUSED);

      Run call = weirctl(url, "call", "command", "mariadbmon", "poll", "cluster1");
      assertThat(call.exit()).as("no proxy reports to weir.status here").isEqualTo(Weirctl.REFUSED);
      assertThat(call.err()).contains("Error 503", "no instance of proxy-service");
      Run badCall = weirctl(url, "call", "command", "mariadbmon", "poll", "cluster9");
      assertThat(badCall.err()).contains("Error 400", "there is no monitors/cluster9");

      Run wrongPassword = run(Map.of("WEIRCTL_PASSWORD", "guess"), "--url", url, "list", "servers");
      assertThat(wrongPassword.exit()).isEqualTo(Weirctl.REFUSED);
      assertThat(wrongPassword.err()).contains("Error 401");
    }
    assertThat(weirctl("http://127.0.0.1:1", "list", "sausages").exit()).isEqualTo(Weirctl.USAGE);
    assertThat(weirctl("http://127.0.0.1:1", "frobnicate").exit()).isEqualTo(Weirctl.USAGE);
    assertThat(weirctl("http://127.0.0.1:1", "alter", "servers", "db1").exit())
        .isEqualTo(Weirctl.USAGE);
    assertThat(weirctl("http://127.0.0.1:1", "set", "service", "split", "maintenance").exit())
        .isEqualTo(Weirctl.USAGE);
    assertThat(weirctl("http://127.0.0.1:1", "call", "mariadbmon", "poll").exit())
        .isEqualTo(Weirctl.USAGE);
    Run unreachable = weirctl("http://127.0.0.1:" + FreePort.next(), "list", "servers");
    assertThat(unreachable.exit()).isEqualTo(Weirctl.UNREACHABLE);
    assertThat(unreachable.err()).contains("cannot reach the admin API");
  }

  private static Run weirctl(String url, String... args) {
    List<String> all = new ArrayList<>(List.of("--url", url));
    all.addAll(List.of(args));
    return run(Map.of("WEIRCTL_PASSWORD", "ctl-password"), all.toArray(String[]::new));
  }

  private static Run run(Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Weirctl(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                environment)
            .run(args);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
