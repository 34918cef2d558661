package io.weir.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * cdc-service as users run it, from its configuration file: the binlog reader plugged into
 * delivery, a real MariaDB primary and a real Kafka broker. Row changes arrive in MaxScale's format
 * with their keys, after their table's schema record; stopped and started again, the service
 * resumes from the topic and repeats nothing.
 */
@WithKafka
@WithMariaDb(replicas = 0)
class CdcServiceStreamsBinlogIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @DisplayName(
      "inserts, an update and a delete reach the topic as MaxScale's documents after the table's"
          + " schema record; a restart resumes from the topic without repeating an event")
  void streamsRowChangesAndResumes(
      MariaDbTopology topology, KafkaBroker broker, @TempDir Path directory) throws Exception {
    String topic = "weir.cdc." + UUID.randomUUID();
    String table = "cdc_" + UUID.randomUUID().toString().substring(0, 8);
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"),
            """
            servers:
              db1: {parameters: {address: 127.0.0.1, port: %d}}
            services:
              cdc:
                router: kafkacdc
                servers: [db1]
                parameters:
                  user: %s
                  password: %s
                  bootstrap_servers: %s
                  topic: %s
                  gtid: newest
                  match: 'app[.]%s'
            """
                .formatted(
                    topology.primary().port(),
                    Credentials.SERVICE.user(),
                    Credentials.SERVICE.password(),
                    broker.bootstrapServers(),
                    topic,
                    table));
    String[] arguments = {
      "--server.port=0",
      "--weir.cdc.config-file=" + file,
      "--weir.cdc.data-directory=" + directory.resolve("data")
    };
    topology
        .primary()
        .execute("CREATE TABLE app." + table + " (id INT PRIMARY KEY, name VARCHAR(20))");

    try (ConfigurableApplicationContext cdc =
        SpringApplication.run(CdcServiceApplication.class, arguments)) {
      topology
          .primary()
          .execute(
              "INSERT INTO app." + table + " VALUES (1, 'one'), (2, 'two')",
              "UPDATE app." + table + " SET name = 'uno' WHERE id = 1",
              "DELETE FROM app." + table + " WHERE id = 2");
      List<JsonNode> documents = awaitDocuments(broker, topic, 6);
      assertThat(documents.getFirst().get("namespace").asText())
          .isEqualTo("MaxScaleChangeDataSchema.avro");
      assertThat(documents.getFirst().get("table").asText()).isEqualTo(table);
      assertThat(documents.subList(1, 6))
          .extracting(document -> document.get("event_type").asText())
          .containsExactly("insert", "insert", "update_before", "update_after", "delete");
      JsonNode updated = documents.get(4);
      assertThat(updated.get("id").asInt()).isEqualTo(1);
      assertThat(updated.get("name").asText()).isEqualTo("uno");
      assertThat(updated.get("table_schema").asText()).isEqualTo("app");
      assertThat(updated.get("table_name").asText()).isEqualTo(table);
      assertThat(updated.get("event_number").asInt()).isEqualTo(2);
    }

    topology.primary().execute("INSERT INTO app." + table + " VALUES (3, 'three')");
    try (ConfigurableApplicationContext again =
        SpringApplication.run(CdcServiceApplication.class, arguments)) {
      List<ConsumerRecord<String, String>> records = awaitRecords(broker, topic, 7);
      Map<String, Integer> timesPerKey = new HashMap<>();
      for (ConsumerRecord<String, String> record : records) {
        if (!JSON.readTree(record.value()).has("namespace")) {
          timesPerKey.merge(record.key(), 1, Integer::sum);
        }
      }
      assertThat(timesPerKey).as("every row event once, keyed by GTID and event number").hasSize(6);
      assertThat(timesPerKey.values()).containsOnly(1);
      JsonNode last = JSON.readTree(records.getLast().value());
      assertThat(last.get("event_type").asText()).isEqualTo("insert");
      assertThat(last.get("name").asText()).isEqualTo("three");
      assertThat(records.getLast().key())
          .isEqualTo(
              last.get("domain").asText()
                  + "-"
                  + last.get("server_id").asText()
                  + "-"
                  + last.get("sequence").asText()
                  + ":1");
    }
  }

  /** The topic's documents once there are at least {@code count} (schema records included). */
  private static List<JsonNode> awaitDocuments(KafkaBroker broker, String topic, int count)
      throws Exception {
    List<JsonNode> documents = new ArrayList<>();
    for (ConsumerRecord<String, String> record : awaitRecords(broker, topic, count)) {
      documents.add(JSON.readTree(record.value()));
    }
    return documents;
  }

  private static List<ConsumerRecord<String, String>> awaitRecords(
      KafkaBroker broker, String topic, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        List<ConsumerRecord<String, String>> records = broker.readAll(topic, Duration.ofSeconds(5));
        if (records.size() >= count || System.nanoTime() > deadline) {
          assertThat(records).as("records in " + topic).hasSizeGreaterThanOrEqualTo(count);
          return records;
        }
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(200);
    }
  }
}
