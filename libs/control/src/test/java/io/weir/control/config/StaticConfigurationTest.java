package io.weir.control.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.control.parameter.ConfigurationErrorCode;
import io.weir.control.parameter.ModuleSchemas;
import io.weir.control.resource.Monitor;
import io.weir.control.resource.OperatorState;
import io.weir.control.resource.ResourceType;
import io.weir.control.resource.Secret;
import io.weir.control.resource.ServiceTargets;
import io.weir.control.resource.TlsSettings;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class StaticConfigurationTest {

  @Test
  @DisplayName("the documented example in config/example.yaml loads with typed parameters")
  void loadsTheDocumentedExample() throws Exception {
    Configuration configuration = StaticConfiguration.load(resource("config/example.yaml"));

    assertThat(configuration.servers()).containsOnlyKeys("db1", "db2", "db3");
    var db2 = configuration.servers().get("db2");
    assertThat(db2.address()).isEqualTo("10.0.0.12");
    assertThat(db2.port()).isEqualTo(3306);
    assertThat(db2.tls()).isNull();
    assertThat(configuration.servers().get("db3").parameters().find("rank")).contains("secondary");

    Monitor monitor = configuration.monitors().get("cluster1");
    assertThat(monitor.module()).isEqualTo("mariadbmon");
    assertThat(monitor.servers()).containsExactly("db1", "db2", "db3");
    assertThat(monitor.parameters().find("monitor_interval")).contains(Duration.ofSeconds(1));
    assertThat(monitor.parameters().find("backend_connect_timeout"))
        .contains(Duration.ofSeconds(3));
    assertThat(monitor.parameters().find("replication_password"))
        .contains(new Secret("repl-secret"));

    var rw = configuration.services().get("rw");
    assertThat(rw.router()).isEqualTo("readwritesplit");
    assertThat(rw.targets()).isEqualTo(new ServiceTargets.Cluster("cluster1"));
    assertThat(rw.filters()).containsExactly("hints");
    assertThat(rw.parameters().find("transaction_replay_max_size")).contains(4L * 1024 * 1024);
    assertThat(rw.parameters().find("master_failure_mode")).contains("fail_on_write");
    assertThat(rw.parameters().find("slave_selection_criteria"))
        .contains("LEAST_CURRENT_OPERATIONS");

    var ro = configuration.services().get("ro");
    assertThat(ro.targets()).isEqualTo(new ServiceTargets.Servers(List.of("db2", "db3")));
    assertThat(ro.parameters().find("router_options")).contains(Set.of("slave"));

    var rwPort = configuration.listeners().get("rw-port");
    assertThat(rwPort.service()).isEqualTo("rw");
    assertThat(rwPort.address()).isEqualTo("::");
    assertThat(rwPort.port()).isEqualTo(4006);

    assertThat(configuration.filters().get("hints").module()).isEqualTo("hintfilter");
    assertThat(configuration.resources())
        .extracting(resource -> resource.key())
        .containsExactly(
            "servers/db1",
            "servers/db2",
            "servers/db3",
            "monitors/cluster1",
            "services/rw",
            "services/ro",
            "listeners/rw-port",
            "listeners/ro-port",
            "filters/hints");
    assertThat(configuration.find(ResourceType.SERVICES, "ro")).contains(ro);
    assertThat(configuration.toString()).doesNotContain("secret");
  }

  @Test
  void readsTlsMirrorAndFilterParameters() throws Exception {
    Configuration configuration = StaticConfiguration.load(resource("config/good/tls.yaml"));

    assertThat(configuration.servers().get("db1").tls())
        .isEqualTo(new TlsSettings(null, null, Path.of("/etc/weir/ca.pem"), "MAX"));
    assertThat(configuration.servers().get("db2").port()).isEqualTo(3307);
    assertThat(configuration.listeners().get("secure").tls())
        .isEqualTo(
            new TlsSettings(
                Path.of("/etc/weir/cert.pem"), Path.of("/etc/weir/key.pem"), null, "TLSv13"));
    var mirrored = configuration.services().get("mirrored");
    assertThat(
            ModuleSchemas.MIRROR
                .find("main")
                .orElseThrow()
                .valueIn(mirrored.parameters())
                .map(Object.class::cast))
        .contains("db1");
    assertThat(configuration.filters().get("top").parameters().find("count")).contains(20L);
  }

  @Test
  void aServersStateHoldsTheOperatorsStatesAndRefusesOtherWords() throws Exception {
    String server = "servers:\n  db1:\n    state: %s\n    parameters: {address: h, port: 3306}\n";

    var configuration =
        StaticConfiguration.parse(
            "s.yaml", new StringReader(server.formatted("[maintenance, drain]")));
    assertThat(configuration.servers().get("db1").operatorStates())
        .containsExactlyInAnyOrder(OperatorState.MAINTENANCE, OperatorState.DRAIN);
    assertThat(
            StaticConfiguration.parse("s.yaml", new StringReader(server.formatted("[]")))
                .servers()
                .get("db1")
                .operatorStates())
        .isEmpty();
    assertThatThrownBy(
            () ->
                StaticConfiguration.parse(
                    "s.yaml", new StringReader(server.formatted("maintenence"))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(
            "servers/db1: 'state': 'maintenence' is not a server state; expected maintenance or drain");
  }

  @Test
  @DisplayName("a kafkacdc service loads with servers and no listener, its parameters typed")
  void loadsAKafkaCdcService() throws Exception {
    Configuration configuration = StaticConfiguration.load(resource("config/good/kafkacdc.yaml"));

    var cdc = configuration.services().get("Kafka-CDC");
    assertThat(cdc.router()).isEqualTo("kafkacdc");
    assertThat(cdc.targets()).isEqualTo(new ServiceTargets.Servers(List.of("server1")));
    assertThat(cdc.parameters().find("topic")).contains("my-cdc-topic");
    assertThat(cdc.parameters().find("server_id")).contains(1234L);
    assertThat(cdc.parameters().find("timeout")).contains(Duration.ofSeconds(10));
    assertThat(cdc.parameters().find("exactly_once")).contains(false);
    assertThat(configuration.listeners()).isEmpty();
  }

  @Test
  void aFileWithoutResourcesIsAnEmptyConfiguration() throws Exception {
    assertThat(StaticConfiguration.load(resource("config/good/empty.yaml")))
        .isEqualTo(Configuration.empty());
  }

  @TestFactory
  @DisplayName("each config/bad/*.yaml fails with exactly the lines of its .expected file")
  Stream<DynamicTest> badFilesFailWithTheirExpectedErrors() throws Exception {
    List<Path> files;
    try (Stream<Path> listing = Files.list(resource("config/bad"))) {
      files = listing.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(6);
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(), () -> assertFailsAsExpected(file)));
  }

  @Test
  void theMessageListsEveryErrorAndNeverAPassword() throws Exception {
    var failure =
        catchThrowableOfType(
            InvalidConfigurationException.class,
            () -> StaticConfiguration.load(resource("config/bad/parameters.yaml")));

    assertThat(failure.getMessage())
        .startsWith(
            resource("config/bad/parameters.yaml") + ": " + failure.errors().size() + " errors\n")
        .doesNotContain("secret-never-printed");
    assertThat(failure.getMessage().lines().skip(1))
        .hasSize(failure.errors().size())
        .allSatisfy(line -> assertThat(line).contains("parameters.yaml:"));
    assertThat(failure.errors())
        .extracting(error -> error.error().code())
        .contains(
            ConfigurationErrorCode.INVALID_VALUE,
            ConfigurationErrorCode.UNKNOWN_PARAMETER,
            ConfigurationErrorCode.MISSING_PARAMETER);
  }

  @Test
  void aMissingFileIsReportedAsSuch(@TempDir Path directory) {
    Path missing = directory.resolve("weir.yaml");

    assertThatThrownBy(() -> StaticConfiguration.load(missing))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(missing + ": cannot be read")
        .hasMessageContaining("[MALFORMED_DOCUMENT]");
  }

  @Test
  void aDocumentWithTwoDocumentsIsMalformed() {
    assertThatThrownBy(
            () ->
                StaticConfiguration.parse(
                    "two.yaml", new StringReader("servers: {}\n---\nservices: {}\n")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(
            "two.yaml: 1 error\n  two.yaml:2:1: malformed YAML: expected a single document in the"
                + " stream, but found another document [MALFORMED_DOCUMENT]");
  }

  private static void assertFailsAsExpected(Path file) throws IOException {
    var failure =
        catchThrowableOfType(
            InvalidConfigurationException.class,
            () ->
                StaticConfiguration.parse(
                    file.getFileName().toString(), new StringReader(Files.readString(file))));

    assertThat(failure).as("%s must not load", file.getFileName()).isNotNull();
    Path expected =
        file.resolveSibling(file.getFileName().toString().replace(".yaml", ".expected"));
    assertThat(String.join("\n", failure.lines()) + "\n").isEqualTo(Files.readString(expected));
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(
                StaticConfigurationTest.class.getClassLoader().getResource(name), name)
            .toURI());
  }
}
