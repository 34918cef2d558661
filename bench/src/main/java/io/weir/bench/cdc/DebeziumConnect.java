package io.weir.bench.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.process.ChildProcess;
import io.weir.testkit.process.FreePort;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debezium's MySQL connector (3.6.1.Final; its MariaDB connector is not served by this project's
 * Maven repository) on a Kafka Connect standalone worker in a JVM of its own, from the class path
 * {@code bench/debezium/pom.xml} resolves. It writes one topic per table, {@code dbz.app.<table>},
 * as JSON without embedded schemas, at least once (Connect's source task commits offsets after the
 * producer acknowledged; standalone keeps them in a file).
 *
 * <p>Debezium 3.x has no snapshot mode that streams from the start of the binlog without a data
 * snapshot ({@code never} is gone, {@code no_data} starts at the current position). So the
 * connector is created stopped, its offset set through Connect's REST API to the first binlog file
 * at position 4 (where Weir starts too), and resumed with {@code snapshot.mode=recovery}: it reads
 * the tables' definitions into its schema history, then streams from that offset.
 */
final class DebeziumConnect {
  static final String PREFIX = "dbz";

  /**
   * The version string the primary reports ({@code --version=...}, cosmetic: the server is still
   * MariaDB 11.4 in every behaviour). Debezium's MySQL connector asks {@code SHOW BINARY LOG
   * STATUS} first, which MariaDB does not know, and falls back to {@code SHOW MASTER STATUS} only
   * when {@code VERSION()} is below 8.4; with MariaDB's own "11.4.5-MariaDB" it refuses to start.
   * It still contains "MariaDB", so both binlog clients (the same library) take the MariaDB path.
   */
  static final String SERVER_VERSION = "--version=8.0.99-MariaDB-11.4.5";

  private static final String NAME = "debezium-bench";
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Path classPathFile;
  private final Path directory;
  private final List<String> jvmOptions;
  private final MariaDbTopology topology;
  private final KafkaBroker broker;
  private final int restPort = FreePort.next();

  DebeziumConnect(
      Path classPathFile,
      Path directory,
      List<String> jvmOptions,
      MariaDbTopology topology,
      KafkaBroker broker)
      throws IOException {
    this.classPathFile = classPathFile;
    this.directory = directory;
    this.jvmOptions = jvmOptions;
    this.topology = topology;
    this.broker = broker;
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("worker.properties"), worker());
  }

  static String topic(String table) {
    return PREFIX + "." + BenchTables.SCHEMA + "." + table;
  }

  /**
   * Starts the worker, creates the connector at the start of the binlog and resumes it; returns
   * once the connector runs.
   */
  ChildProcess start() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(jvmOptions);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    command.add("-cp");
    command.add(Files.readString(classPathFile).trim());
    command.add("org.apache.kafka.connect.cli.ConnectStandalone");
    command.add(directory.resolve("worker.properties").toString());
    ChildProcess connect =
        ChildProcess.start(
            "debezium", command, directory, directory.resolve("connect.log"), Map.of());
    try {
      awaitRest(connect);
      create();
      request(
          "PATCH",
          "/connectors/" + NAME + "/offsets",
          Map.of(
              "offsets",
              List.of(
                  Map.of(
                      "partition",
                      Map.of("server", PREFIX),
                      "offset",
                      Map.of("file", firstBinlog(), "pos", 4)))));
      request("PUT", "/connectors/" + NAME + "/resume", null);
      return connect;
    } catch (IOException | RuntimeException e) {
      connect.close();
      throw new IllegalStateException(
          "Debezium did not start: " + e.getMessage() + "\n" + connect.logTail(40), e);
    }
  }

  static void stop(ChildProcess connect) {
    connect.stop(STOP_GRACE);
    connect.close();
  }

  private void awaitRest(ChildProcess connect) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline && connect.isAlive()) {
      try {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(uri("/connectors")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (ConnectException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Kafka Connect's REST API did not come up");
  }

  private void create() throws IOException, InterruptedException {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("name", NAME);
    request.put("config", connector());
    request.put("initial_state", "STOPPED");
    try {
      request("POST", "/connectors", request);
    } catch (IllegalStateException e) {
      // Connect 4.2 hides a refused configuration behind a NullPointerException; ask for its errors
      throw new IllegalStateException(e.getMessage() + "; validation: " + validationErrors(), e);
    }
  }

  private String validationErrors() throws IOException, InterruptedException {
    JsonNode answer =
        JSON.readTree(
            request(
                "PUT",
                "/connector-plugins/io.debezium.connector.mysql.MySqlConnector/config/validate",
                connector()));
    List<String> errors = new ArrayList<>();
    for (JsonNode config : answer.path("configs")) {
      JsonNode value = config.path("value");
      if (value.path("errors").size() > 0) {
        errors.add(value.path("name").asText() + ": " + value.path("errors"));
      }
    }
    return errors.toString();
  }

  private String request(String method, String path, @org.jspecify.annotations.Nullable Object body)
      throws IOException, InterruptedException {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri(path))
                .method(method, publisher)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + restPort + path);
  }

  private String firstBinlog() {
    String first = topology.primary().queryString("SHOW BINARY LOGS");
    if (first == null) {
      throw new IllegalStateException("the primary has no binary log");
    }
    return first;
  }

  private String worker() {
    return """
        bootstrap.servers=%s
        key.converter=org.apache.kafka.connect.json.JsonConverter
        value.converter=org.apache.kafka.connect.json.JsonConverter
        key.converter.schemas.enable=false
        value.converter.schemas.enable=false
        offset.storage.file.filename=%s
        offset.flush.interval.ms=10000
        listeners=http://127.0.0.1:%d
        """
        .formatted(broker.bootstrapServers(), directory.resolve("connect.offsets"), restPort);
  }

  private Map<String, String> connector() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "io.debezium.connector.mysql.MySqlConnector");
    config.put("tasks.max", "1");
    config.put("database.hostname", "127.0.0.1");
    config.put("database.port", Integer.toString(topology.primary().port()));
    config.put("database.user", Credentials.SERVICE.user());
    config.put("database.password", Credentials.SERVICE.password());
    config.put("database.server.id", "5678");
    config.put("database.ssl.mode", "disabled");
    config.put("topic.prefix", PREFIX);
    config.put("database.include.list", BenchTables.SCHEMA);
    config.put(
        "table.include.list",
        BenchTables.SCHEMA + "[.](" + BenchTables.BACKLOG + "|" + BenchTables.LIVE + ")");
    config.put("snapshot.mode", "recovery");
    config.put("include.schema.changes", "false");
    config.put("tombstones.on.delete", "false");
    config.put("schema.history.internal.kafka.bootstrap.servers", broker.bootstrapServers());
    config.put("schema.history.internal.kafka.topic", PREFIX + ".schema-history");
    return config;
  }
}
