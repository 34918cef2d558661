package io.weir.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.cdc.config.CdcLeases;
import io.weir.cdc.config.CdcRunner;
import io.weir.cdc.delivery.DeliveryMetrics;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.kubernetes.KubernetesApi;
import io.weir.testkit.kubernetes.WithKubernetesApi;
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
 * Two cdc-service instances run one kafkacdc service with {@code cooperative_replication=true} and
 * a Kubernetes Lease each (fabric8's mock API server): only the Lease's holder replicates; when it
 * stops, the other takes the Lease and resumes from the position in Kafka (each instance has a data
 * directory of its own, as pods do), and every row event is in the topic once.
 */
@WithKafka
@WithKubernetesApi
@WithMariaDb(replicas = 0)
class CooperativeReplicationIT {

  @Test
  @DisplayName(
      "only the Lease holder delivers; when it stops, the other instance takes the Lease and"
          + " resumes from Kafka: every row event once")
  void onlyTheHolderReplicates(
      MariaDbTopology topology,
      KafkaBroker broker,
      KubernetesApi kubernetes,
      @TempDir Path directory)
      throws Exception {
    String service = "cdc-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "weir.cdc.lease." + UUID.randomUUID();
    String table = "lease_" + UUID.randomUUID().toString().substring(0, 8);
    MariaDbServer primary = topology.primary();
    primary.execute("CREATE TABLE app." + table + " (id INT PRIMARY KEY, name VARCHAR(20))");
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"),
            """
            servers:
              db1: {parameters: {address: 127.0.0.1, port: %d}}
            services:
              %s:
                router: kafkacdc
                servers: [db1]
                parameters:
                  user: %s
                  password: %s
                  bootstrap_servers: %s
                  topic: %s
                  gtid: newest
                  match: 'app[.]%s'
                  cooperative_replication: true
            """
                .formatted(
                    primary.port(),
                    service,
                    Credentials.SERVICE.user(),
                    Credentials.SERVICE.password(),
                    broker.bootstrapServers(),
                    topic,
                    table));
    Map<String, ConfigurableApplicationContext> instances = new HashMap<>();
    try {
      for (String name : new String[] {"cdc-a", "cdc-b"}) {
        instances.put(
            name,
            SpringApplication.run(
                CdcServiceApplication.class,
                "--server.port=0",
                "--weir.cdc.config-file=" + file,
                "--weir.cdc.data-directory=" + directory.resolve(name),
                "--weir.cdc.lease.enabled=true",
                "--weir.cdc.lease.identity=" + name,
                "--weir.cdc.lease.duration=3s",
                "--weir.cdc.lease.namespace=" + KubernetesApi.NAMESPACE,
                "--weir.cdc.lease.kubernetes-url=" + kubernetes.url()));
      }
      String lease = CdcLeases.leaseName(service);
      String holder = kubernetes.awaitLeaseHolder(lease, null);
      String other = holder.equals("cdc-a") ? "cdc-b" : "cdc-a";
      // the holder's stream has resolved its start (gtid: newest) once it is there
      awaitStream(instances.get(holder), service);
      Set<String> expected = new HashSet<>();
      for (int id = 1; id <= 10; id++) {
        expected.add(insert(primary, table, id));
      }
      assertEachOnce(awaitKeys(broker, topic, expected), expected);
      assertThat(runner(instances.get(holder)).stream(service)).as("the holder").isPresent();
      assertThat(runner(instances.get(other)).stream(service)).as("the other").isEmpty();
      assertThat(replicatingGauge(instances.get(holder), service)).isEqualTo(1.0);
      assertThat(replicatingGauge(instances.get(other), service)).as("no stream, no gauge").isNaN();

      instances.remove(holder).close();
      for (int id = 11; id <= 20; id++) {
        expected.add(insert(primary, table, id));
      }
      assertThat(kubernetes.awaitLeaseHolder(lease, holder)).isEqualTo(other);
      assertEachOnce(awaitKeys(broker, topic, expected), expected);
      assertThat(runner(instances.get(other)).stream(service)).as("the new holder").isPresent();
      assertThat(replicatingGauge(instances.get(other), service)).isEqualTo(1.0);
    } finally {
      instances.values().forEach(ConfigurableApplicationContext::close);
    }
  }

  /** {@code weir_cdc_replicating} of {@code service} in {@code instance}; NaN when not there. */
  private static double replicatingGauge(ConfigurableApplicationContext instance, String service) {
    Gauge gauge =
        instance
            .getBean(MeterRegistry.class)
            .find(DeliveryMetrics.REPLICATING)
            .tag("service", service)
            .gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  private static CdcRunner runner(ConfigurableApplicationContext instance) {
    return instance.getBean(CdcRunner.class);
  }

  private static void awaitStream(ConfigurableApplicationContext instance, String service)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (runner(instance).stream(service).isEmpty()) {
      assertThat(System.nanoTime()).as("the holder replicates within 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static void assertEachOnce(Map<String, Integer> timesPerKey, Set<String> expected) {
    assertThat(timesPerKey.keySet()).as("every row event, no other").isEqualTo(expected);
    assertThat(timesPerKey.values()).as("each once").containsOnly(1);
  }

  /** Inserts row {@code id} in a transaction of its own; returns its row event's key. */
  private static String insert(MariaDbServer server, String table, int id) throws SQLException {
    try (Connection connection = server.connect(Credentials.ADMIN);
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO app." + table + " VALUES (" + id + ", 'row')");
      try (ResultSet gtid = statement.executeQuery("SELECT @@last_gtid")) {
        gtid.next();
        return gtid.getString(1) + ":1";
      }
    }
  }

  /** How often each row event's key is in the topic, once every expected one is there. */
  private static Map<String, Integer> awaitKeys(KafkaBroker broker, String topic, Set<String> keys)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
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
      Thread.sleep(300);
    }
  }
}
