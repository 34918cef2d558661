package io.weir.bench.cdc;

import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.service.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Weir's cdc-service from its executable jar, one {@code kafkacdc} service reading the primary's
 * binlog from its start (no {@code gtid}, an empty topic) into {@code topic}, at least once.
 */
final class WeirCdc {
  private final Path jar;
  private final Path directory;
  private final List<String> jvmOptions;
  private final List<String> arguments;

  WeirCdc(
      Path jar,
      Path directory,
      List<String> jvmOptions,
      MariaDbTopology topology,
      KafkaBroker broker,
      String topic)
      throws IOException {
    this.jar = jar;
    this.directory = directory;
    this.jvmOptions = jvmOptions;
    Files.createDirectories(directory);
    Path file =
        Files.writeString(directory.resolve("weir.yaml"), configuration(topology, broker, topic));
    this.arguments =
        List.of(
            "--weir.cdc.config-file=" + file,
            "--weir.cdc.data-directory=" + directory.resolve("data"));
  }

  /** Starts the service and returns once it is ready (it may be delivering already). */
  ServiceProcess start() {
    return ServiceProcess.start("weir-cdc", jar, directory, jvmOptions, arguments);
  }

  private static String configuration(MariaDbTopology topology, KafkaBroker broker, String topic) {
    return """
        servers:
          db1: {parameters: {address: 127.0.0.1, port: %d}}
        services:
          bench:
            router: kafkacdc
            servers: [db1]
            parameters:
              user: %s
              password: %s
              bootstrap_servers: %s
              topic: %s
              match: '%s[.](%s|%s)'
              exactly_once: false
        """
        .formatted(
            topology.primary().port(),
            Credentials.SERVICE.user(),
            Credentials.SERVICE.password(),
            broker.bootstrapServers(),
            topic,
            BenchTables.SCHEMA,
            BenchTables.BACKLOG,
            BenchTables.LIVE);
  }
}
