package io.weir.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.cdc.config.CdcRunner;
import io.weir.cdc.delivery.KafkaCdcStream;
import io.weir.cdc.source.SourceEndpoint;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A kafkacdc service with a primary and a replica: the primary is stopped and the replica promoted,
 * as a failover would, and the service goes on from its GTID on the new primary; every row event
 * committed on either primary is in the topic once, and no other.
 */
@WithKafka
@WithMariaDb(replicas = 1)
class CdcServiceFollowsFailoverIT {

  @Test
  @DisplayName(
      "after the primary stops and the replica is promoted, the service continues on the new"
          + " primary from its GTID: every committed row event once, none invented")
  void continuesOnTheNewPrimary(
      MariaDbTopology topology, KafkaBroker broker, @TempDir Path directory) throws Exception {
    String topic = "weir.cdc.failover." + UUID.randomUUID();
    String table = "failover_" + UUID.randomUUID().toString().substring(0, 8);
    MariaDbServer former = topology.primary();
    MariaDbServer replica = topology.replicas().getFirst();
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"),
            """
            servers:
              db1: {parameters: {address: 127.0.0.1, port: %d}}
              db2: {parameters: {address: 127.0.0.1, port: %d}}
            services:
              cdc:
                router: kafkacdc
                servers: [db1, db2]
                parameters:
                  user: %s
                  password: %s
                  bootstrap_servers: %s
                  topic: %s
                  gtid: newest
                  match: 'app[.]%s'
            """
                .formatted(
                    former.port(),
                    replica.port(),
                    Credentials.SERVICE.user(),
                    Credentials.SERVICE.password(),
                    broker.bootstrapServers(),
                    topic,
                    table));
    former.execute("CREATE TABLE app." + table + " (id INT PRIMARY KEY, name VARCHAR(20))");
    topology.awaitReplicasCaughtUp();
    Set<String> expected = new HashSet<>();

    try (ConfigurableApplicationContext cdc =
        SpringApplication.run(
            CdcServiceApplication.class,
            "--server.port=0",
            "--weir.cdc.config-file=" + file,
            "--weir.cdc.data-directory=" + directory.resolve("data"))) {
      KafkaCdcStream stream = cdc.getBean(CdcRunner.class).stream("cdc").orElseThrow();
      for (int id = 1; id <= 20; id++) {
        expected.addAll(insert(former, table, id));
      }
      topology.awaitReplicasCaughtUp();
      former.stop();
      topology.promote(replica);
      for (int id = 21; id <= 40; id++) {
        expected.addAll(insert(replica, table, id));
      }

      Map<String, Integer> timesPerKey = awaitKeys(broker, topic, expected);
      assertThat(stream.failure()).as("replication stopped").isEmpty();
      assertThat(stream.primary().map(SourceEndpoint::port)).contains(replica.port());
      assertThat(timesPerKey.keySet()).as("no event invented").isEqualTo(expected);
      assertThat(timesPerKey.values()).as("each event once").containsOnly(1);
    } finally {
      if (!former.isRunning()) {
        former.start();
        topology.rejoin(former);
      }
    }
  }

  /** Inserts row {@code id} in a transaction of its own on {@code server}; returns its key. */
  private static List<String> insert(MariaDbServer server, String table, int id)
      throws SQLException {
    try (Connection connection = server.connect(Credentials.ADMIN);
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO app." + table + " VALUES (" + id + ", 'row')");
      try (ResultSet gtid = statement.executeQuery("SELECT @@last_gtid")) {
        gtid.next();
        return List.of(gtid.getString(1) + ":1");
      }
    }
  }

  /** The row events' keys and how often each is in the topic, once every expected one is there. */
  private static Map<String, Integer> awaitKeys(KafkaBroker broker, String topic, Set<String> keys)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      Map<String, Integer> timesPerKey = new HashMap<>();
      try {
        for (ConsumerRecord<String, String> record :
            broker.readAll(topic, Duration.ofSeconds(10))) {
          if (!record.key().endsWith(":0")) {
            timesPerKey.merge(record.key(), 1, Integer::sum);
          }
        }
      } catch (IllegalStateException e) {
        // the topic does not exist yet
      }
      if (timesPerKey.keySet().containsAll(keys) || System.nanoTime() > deadline) {
        return timesPerKey;
      }
      Thread.sleep(500);
    }
  }
}
