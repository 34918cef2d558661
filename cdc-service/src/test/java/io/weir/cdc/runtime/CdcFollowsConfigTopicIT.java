package io.weir.cdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.cdc.CdcServiceApplication;
import io.weir.cdc.config.CdcRunner;
import io.weir.cdc.delivery.KafkaCdcStream;
import io.weir.control.resource.ResourceType;
import io.weir.control.topic.ConfigTopic;
import io.weir.control.topic.ConfigTopicFollower;
import io.weir.control.topic.ResourceKey;
import io.weir.control.topic.ResourceSet;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * cdc-service on the {@code weir.config} topic with a real broker and a real primary: its file
 * seeds the empty topic, a record narrowing {@code match} reaches the next transactions, one
 * changing {@code timeout} restarts the stream from its checkpoint, a kafkacdc service added by a
 * record starts streaming, a change it cannot apply running is counted, and its {@code weir.status}
 * document carries each service's checkpoint.
 */
@WithKafka
@WithMariaDb(replicas = 0)
class CdcFollowsConfigTopicIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ResourceKey FIRST = new ResourceKey(ResourceType.SERVICES, "cdc1");
  private static final ResourceKey SECOND = new ResourceKey(ResourceType.SERVICES, "cdc2");

  @Test
  @DisplayName(
      "match narrowed by a weir.config record applies to the next transactions, a new timeout"
          + " restarts the stream without repeating an event, an added service streams, a topic"
          + " change is counted as not applied, weir.status shows the positions")
  void followsTheTopic(MariaDbTopology topology, KafkaBroker broker, @TempDir Path directory)
      throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String tableA = "a_" + suffix;
    String tableB = "b_" + suffix;
    String configTopic = "weir.config." + suffix;
    String statusTopic = "weir.status." + suffix;
    String firstTopic = "weir.cdc1." + suffix;
    String secondTopic = "weir.cdc2." + suffix;
    MariaDbServer primary = topology.primary();
    primary.execute(
        "CREATE TABLE app." + tableA + " (id INT PRIMARY KEY)",
        "CREATE TABLE app." + tableB + " (id INT PRIMARY KEY)");
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"),
            """
            servers:
              db1: {parameters: {address: 127.0.0.1, port: %d}}
            services:
              cdc1:
                router: kafkacdc
                servers: [db1]
                parameters:
                  user: %s
                  password: %s
                  bootstrap_servers: %s
                  topic: %s
                  gtid: newest
                  match: 'app[.](%s|%s)'
            """
                .formatted(
                    primary.port(),
                    Credentials.SERVICE.user(),
                    Credentials.SERVICE.password(),
                    broker.bootstrapServers(),
                    firstTopic,
                    tableA,
                    tableB));

    try (ConfigurableApplicationContext cdc =
            SpringApplication.run(
                CdcServiceApplication.class,
                "--server.port=0",
                "--weir.cdc.config-file=" + file,
                "--weir.cdc.data-directory=" + directory.resolve("data"),
                "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
                "--weir.config.topic=" + configTopic,
                "--weir.status.topic=" + statusTopic,
                "--weir.status.interval=500ms",
                "--weir.instance.id=cdc-test");
        ConfigTopic writer = new ConfigTopic(configTopic, broker.clientProperties(), TIMEOUT)) {
      CdcRunner runner = cdc.getBean(CdcRunner.class);
      MeterRegistry registry = cdc.getBean(MeterRegistry.class);
      ResourceSet seeded = read(configTopic, broker);
      assertThat(seeded.bodies().keySet())
          .extracting(ResourceKey::text)
          .contains("servers/db1", "services/cdc1");

      primary.execute(
          "INSERT INTO app." + tableA + " VALUES (1)", "INSERT INTO app." + tableB + " VALUES (1)");
      awaitCheckpoint(runner, "cdc1", primary);
      assertThat(rowsOf(broker, firstTopic, tableB)).as("before the change").isEqualTo(1);

      ObjectNode body = (ObjectNode) JSON.readTree(seeded.body(FIRST).orElseThrow());
      ((ObjectNode) body.get("parameters")).put("match", "app[.]" + tableA);
      writer.write(FIRST, JSON.writeValueAsString(body)).get(30, TimeUnit.SECONDS);
      await("the match change applied", () -> count(registry, "applied") >= 1);

      primary.execute(
          "INSERT INTO app." + tableB + " VALUES (2)", "INSERT INTO app." + tableA + " VALUES (2)");
      awaitCheckpoint(runner, "cdc1", primary);
      assertThat(rowsOf(broker, firstTopic, tableA)).as("still matched").isEqualTo(2);
      assertThat(rowsOf(broker, firstTopic, tableB)).as("no longer matched").isEqualTo(1);

      // timeout is dynamic in MaxScale; the binlog connection takes it when it opens
      KafkaCdcStream beforeTimeout = runner.stream("cdc1").orElseThrow();
      ((ObjectNode) body.get("parameters")).put("timeout", "7");
      writer.write(FIRST, JSON.writeValueAsString(body)).get(30, TimeUnit.SECONDS);
      await(
          "cdc1 restarted with timeout 7 s",
          () ->
              runner.stream("cdc1")
                  .flatMap(KafkaCdcStream::primary)
                  .filter(server -> server.timeout().equals(Duration.ofSeconds(7)))
                  .isPresent());
      assertThat(runner.stream("cdc1")).get().isNotSameAs(beforeTimeout);
      assertThat(count(registry, "applied")).as("match, then timeout").isEqualTo(2);

      ObjectNode added = body.deepCopy();
      ((ObjectNode) added.get("parameters")).put("topic", secondTopic);
      ((ObjectNode) added.get("parameters")).put("match", "app[.]" + tableB);
      ((ObjectNode) added.get("parameters")).put("server_id", "4321");
      writer.write(SECOND, JSON.writeValueAsString(added)).get(30, TimeUnit.SECONDS);
      await("services/cdc2 started", () -> runner.stream("cdc2").isPresent());
      primary.execute("INSERT INTO app." + tableB + " VALUES (3)");
      awaitCheckpoint(runner, "cdc2", primary);
      assertThat(rowsOf(broker, secondTopic, tableB)).as("the added service's topic").isEqualTo(1);

      ((ObjectNode) body.get("parameters")).put("topic", secondTopic);
      writer.write(FIRST, JSON.writeValueAsString(body)).get(30, TimeUnit.SECONDS);
      await("the topic change counted as not applied", () -> count(registry, "not_applied") == 1);
      primary.execute("INSERT INTO app." + tableA + " VALUES (3)");
      awaitCheckpoint(runner, "cdc1", primary);
      assertThat(rowsOf(broker, firstTopic, tableA))
          .as("cdc1 keeps writing to its topic until it restarts")
          .isEqualTo(3);

      String position = Objects.requireNonNull(primary.queryString("SELECT @@gtid_binlog_pos"));
      JsonNode status = awaitStatus(broker, statusTopic, position);
      assertThat(status.path("service").asText()).isEqualTo("cdc-service");
      assertThat(status.path("management_url").asText()).startsWith("http://");
      assertThat(status.path("weir_config_position").asLong()).isGreaterThanOrEqualTo(5);
      JsonNode first = service(status, "cdc1");
      assertThat(first.path("router").asText()).isEqualTo("kafkacdc");
      assertThat(first.at("/router_diagnostics/replicating").asBoolean()).isTrue();
      assertThat(first.at("/router_diagnostics/events").asLong()).isEqualTo(4);
      assertThat(first.at("/router_diagnostics/lag_seconds").isNumber()).isTrue();
      assertThat(first.at("/router_diagnostics/lag_transactions/0").isNumber())
          .as("the primary's position was read")
          .isTrue();
      assertThat(service(status, "cdc2").at("/router_diagnostics/gtid_position").asText())
          .isEqualTo(position);
    }
    assertThat(latestStatus(broker, statusTopic)).as("the tombstone of a clean stop").isNull();
  }

  private static ResourceSet read(String topic, KafkaBroker broker) throws InterruptedException {
    try (ConfigTopicFollower follower =
        new ConfigTopicFollower(topic, broker.clientProperties(), set -> {})) {
      return follower.awaitCaughtUp(TIMEOUT).orElseThrow();
    }
  }

  private static double count(MeterRegistry registry, String result) {
    Counter counter = registry.find("weir.config.changes").tag("result", result).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Waits until every transaction of the primary is checkpointed, i.e. acknowledged by Kafka. */
  private static void awaitCheckpoint(CdcRunner runner, String service, MariaDbServer primary)
      throws InterruptedException {
    String position = Objects.requireNonNull(primary.queryString("SELECT @@gtid_binlog_pos"));
    await(
        service + " checkpointed at " + position,
        () ->
            runner.stream(service)
                .map(KafkaCdcStream::checkpoint)
                .map(Object::toString)
                .filter(position::equals)
                .isPresent());
  }

  private static long rowsOf(KafkaBroker broker, String topic, String table) throws Exception {
    long rows = 0;
    for (ConsumerRecord<String, String> record : broker.readAll(topic, TIMEOUT)) {
      JsonNode document = JSON.readTree(record.value());
      if (document.has("event_type") && document.path("table_name").asText().equals(table)) {
        rows++;
      }
    }
    return rows;
  }

  private static JsonNode awaitStatus(KafkaBroker broker, String topic, String position)
      throws Exception {
    List<JsonNode> seen = new ArrayList<>();
    await(
        "a status document with cdc1 and cdc2 at " + position,
        () -> {
          JsonNode latest = latestStatus(broker, topic);
          if (latest != null
              && atPosition(latest, "cdc1", position)
              && atPosition(latest, "cdc2", position)) {
            seen.add(latest);
            return true;
          }
          return false;
        });
    return seen.getFirst();
  }

  private static boolean atPosition(JsonNode status, String service, String position) {
    return service(status, service)
        .at("/router_diagnostics/gtid_position")
        .asText()
        .equals(position);
  }

  private static @Nullable JsonNode latestStatus(KafkaBroker broker, String topic) {
    JsonNode latest = null;
    for (ConsumerRecord<String, String> record : broker.readAll(topic, TIMEOUT)) {
      if ("cdc-service/cdc-test".equals(record.key())) {
        try {
          latest = record.value() == null ? null : JSON.readTree(record.value());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return latest;
  }

  private static JsonNode service(JsonNode status, String id) {
    for (JsonNode service : status.path("services")) {
      if (service.path("id").asText().equals(id)) {
        return service;
      }
    }
    return JSON.missingNode();
  }

  private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.get()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
