package io.weir.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.weir.cdc.config.CdcLeases;
import io.weir.cdc.testing.CommittingWriter;
import io.weir.cdc.testing.CommittingWriter.RowEvent;
import io.weir.cdc.testing.DeliveredRecords;
import io.weir.cdc.testing.Scrape;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.kubernetes.KubernetesApi;
import io.weir.testkit.kubernetes.WithKubernetesApi;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.service.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two cdc-service processes run one kafkacdc service with {@code cooperative_replication}, its
 * Lease on fabric8's mock Kubernetes API server, while a writer commits a steady stream of
 * transactions. The Lease moves twice mid-stream: the holder is SIGKILLed (the other takes the
 * Lease once it expires and resumes from the position in Kafka; the killed one comes back as a
 * follower), then the new holder is stopped gracefully (it stops producing, then releases the
 * Lease). Afterwards every committed row event is in the topic in commit order per partition, and
 * with {@code exactly_once} none twice.
 *
 * <p>That the old holder stopped producing before the new one started is checked on what can be
 * seen from outside: the graceful successor resumes exactly at the checkpoint its predecessor
 * stopped at, and logged its start after that stop; and in each partition the records go back in
 * commit order at most once (where the SIGKILL successor resumed), which two producers writing at
 * once would break many times.
 */
@WithKafka
@WithKubernetesApi
@WithMariaDb(replicas = 0)
class CooperativeReplicationHandoverIT {

  /** As {@code CdcServiceSurvivesFaultsIT}: C1 only and the serial collector start faster. */
  private static final List<String> JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** Short, so that a killed holder's Lease expires soon; long enough for a busy test machine. */
  private static final Duration LEASE = Duration.ofSeconds(5);

  @ParameterizedTest(name = "exactly_once={0}")
  @ValueSource(booleans = {false, true})
  @DisplayName(
      "the Lease moved mid-stream, by a SIGKILL and by a graceful stop: the other instance resumes"
          + " from Kafka, nothing is lost, the old holder stopped producing before the new one"
          + " started, and with exactly_once nothing is repeated")
  void handsOverMidStream(
      boolean exactlyOnce,
      MariaDbTopology topology,
      KafkaBroker broker,
      KubernetesApi kubernetes,
      @TempDir Path directory)
      throws Exception {
    String service = "cdc-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "weir.cdc.handover." + UUID.randomUUID();
    String table = "handover_" + UUID.randomUUID().toString().substring(0, 8);
    String lease = CdcLeases.leaseName(service);
    MariaDbServer primary = topology.primary();
    broker.createTopic(topic, 3, Map.of());
    primary.execute("CREATE TABLE app." + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"),
            configuration(primary, broker, service, topic, table, exactlyOnce));

    Map<String, ServiceProcess> instances = new HashMap<>();
    List<ServiceProcess> started = new ArrayList<>();
    CommittingWriter writer = new CommittingWriter(() -> primary, table);
    try {
      instances.putAll(startBoth(file, kubernetes, directory));
      started.addAll(instances.values());
      String first = kubernetes.awaitLeaseHolder(lease, null);
      String second = first.equals("cdc-a") ? "cdc-b" : "cdc-a";
      // the holder has resolved its start (gtid: newest) once it replicates
      awaitReplicating(instances.get(first));
      writer.start();

      // 1. the holder is SIGKILLed mid-stream; it comes back as a follower
      Thread.sleep(ThreadLocalRandom.current().nextLong(2_000, 4_000));
      instances.get(first).kill();
      Instant lastRenewal = leaseSpec(kubernetes, lease).getRenewTime().toInstant();
      assertThat(kubernetes.awaitLeaseHolder(lease, first)).isEqualTo(second);
      assertThat(leaseSpec(kubernetes, lease).getAcquireTime().toInstant())
          .as("the successor took the Lease only once the killed holder's had expired")
          .isAfterOrEqualTo(lastRenewal.plus(LEASE));
      instances.put(first, start(first + "-again", first, file, kubernetes, directory));
      started.add(instances.get(first));

      // 2. the new holder is stopped gracefully mid-stream: it flushes, then releases the Lease
      Thread.sleep(ThreadLocalRandom.current().nextLong(2_000, 4_000));
      ServiceProcess stopping = instances.get(second);
      stopping.stop();
      assertThat(kubernetes.awaitLeaseHolder(lease, second)).isEqualTo(first);
      Instant handedOver = leaseSpec(kubernetes, lease).getAcquireTime().toInstant();
      Thread.sleep(3_000);
      writer.stopAndAwait();
      assertThat(writer.committed()).as("transactions written").hasSizeGreaterThan(100);

      Map<String, RowEvent> expected = CommittingWriter.eventsByKey(writer.committed());
      DeliveredRecords delivered =
          DeliveredRecords.await(
              broker, topic, expected.keySet(), Duration.ofSeconds(90), () -> false);
      if (!delivered.timesPerKey().keySet().containsAll(expected.keySet())) {
        for (ServiceProcess instance : instances.values()) {
          System.err.println(instance.name() + ": " + lastLines(instance.logFile(), 30));
        }
      }
      delivered.assertDelivered(expected, exactlyOnce);

      // the graceful successor resumed exactly where its predecessor stopped, after it stopped
      Logged stop = last(stopping.logFile(), "services/" + service + ": stopped at (\\S*)");
      Logged resume =
          last(
              instances.get(first).logFile(),
              "services/" + service + ": resuming after (\\S+) from topic");
      assertThat(resume.value())
          .as("resumed at the predecessor's last checkpoint")
          .isEqualTo(stop.value());
      assertThat(handedOver)
          .as("the Lease taken after the predecessor stopped")
          .isAfter(stop.at().toInstant());
      assertThat(resume.at().toInstant())
          .as("resumed after taking the Lease")
          .isAfterOrEqualTo(handedOver.truncatedTo(ChronoUnit.MILLIS));
      // at most one step back per partition: where the SIGKILL successor re-sent what the killed
      // holder had partly delivered; none at all with exactly_once
      assertThat(delivered.stepsBackPerPartition().values())
          .as("records going back in commit order, per partition")
          .allMatch(steps -> steps <= (exactlyOnce ? 0 : 1));
    } finally {
      writer.stopAndAwait();
      started.forEach(ServiceProcess::close);
    }
  }

  /** Starts cdc-a and cdc-b side by side (each JVM spends its start mostly on one core). */
  private Map<String, ServiceProcess> startBoth(Path file, KubernetesApi kubernetes, Path directory)
      throws Exception {
    Map<String, CompletableFuture<ServiceProcess>> starting = new HashMap<>();
    for (String identity : List.of("cdc-a", "cdc-b")) {
      starting.put(
          identity,
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return start(identity, identity, file, kubernetes, directory);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              runnable -> Thread.ofPlatform().start(runnable)));
    }
    Map<String, ServiceProcess> started = new HashMap<>();
    try {
      for (var entry : starting.entrySet()) {
        started.put(entry.getKey(), entry.getValue().get());
      }
    } catch (ExecutionException e) {
      // the other one may have started: end it before failing
      for (CompletableFuture<ServiceProcess> start : starting.values()) {
        start.thenAccept(ServiceProcess::close);
      }
      throw e;
    }
    return started;
  }

  private ServiceProcess start(
      String name, String identity, Path file, KubernetesApi kubernetes, Path directory)
      throws IOException {
    return ServiceProcess.start(
        name,
        CdcServiceSurvivesPrimaryKillIT.jar(),
        directory,
        JVM,
        List.of(
            "--weir.cdc.config-file=" + file,
            "--weir.cdc.data-directory=" + directory.resolve(name).resolve("data"),
            "--weir.cdc.delivery-timeout=90s",
            "--weir.cdc.lease.enabled=true",
            "--weir.cdc.lease.identity=" + identity,
            "--weir.cdc.lease.duration=" + LEASE.toSeconds() + "s",
            "--weir.cdc.lease.namespace=" + KubernetesApi.NAMESPACE,
            "--weir.cdc.lease.kubernetes-url=" + kubernetes.url()));
  }

  @Test
  @DisplayName(
      "exactly_once: a holder frozen beyond its Lease is fenced by its successor (nothing repeated"
          + " for read_committed); thawed, it stops its stream, competes again and takes the Lease"
          + " back when the successor is killed")
  void fencesAFrozenHolder(
      MariaDbTopology topology,
      KafkaBroker broker,
      KubernetesApi kubernetes,
      @TempDir Path directory)
      throws Exception {
    String service = "cdc-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "weir.cdc.frozen." + UUID.randomUUID();
    String table = "frozen_" + UUID.randomUUID().toString().substring(0, 8);
    String lease = CdcLeases.leaseName(service);
    MariaDbServer primary = topology.primary();
    broker.createTopic(topic, 3, Map.of());
    primary.execute("CREATE TABLE app." + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"),
            configuration(primary, broker, service, topic, table, true));

    Map<String, ServiceProcess> instances = new HashMap<>();
    CommittingWriter writer = new CommittingWriter(() -> primary, table);
    try {
      instances.putAll(startBoth(file, kubernetes, directory));
      String first = kubernetes.awaitLeaseHolder(lease, null);
      String second = first.equals("cdc-a") ? "cdc-b" : "cdc-a";
      awaitReplicating(instances.get(first));
      writer.start();

      Thread.sleep(ThreadLocalRandom.current().nextLong(2_000, 4_000));
      ServiceProcess frozen = instances.get(first);
      frozen.pause();
      try {
        assertThat(kubernetes.awaitLeaseHolder(lease, first)).isEqualTo(second);
        awaitReplicating(instances.get(second));
        Thread.sleep(2_000);
      } finally {
        frozen.resume();
      }
      // thawed, it finds the Lease gone (and its producer fenced) and stops replicating
      await(() -> Scrape.value(frozen, "weir_cdc_replicating") == 0, "the thawed holder stops");

      Thread.sleep(2_000);
      instances.get(second).kill();
      assertThat(kubernetes.awaitLeaseHolder(lease, second))
          .as("the former holder competes again")
          .isEqualTo(first);
      awaitReplicating(frozen);
      Thread.sleep(2_000);
      writer.stopAndAwait();

      Map<String, RowEvent> expected = CommittingWriter.eventsByKey(writer.committed());
      DeliveredRecords delivered =
          DeliveredRecords.await(
              broker, topic, expected.keySet(), Duration.ofSeconds(90), () -> false);
      if (!delivered.timesPerKey().keySet().containsAll(expected.keySet())) {
        for (ServiceProcess instance : instances.values()) {
          System.err.println(instance.name() + ": " + lastLines(instance.logFile(), 30));
        }
      }
      delivered.assertDelivered(expected, true);
      assertThat(delivered.stepsBackPerPartition().values())
          .as("records going back in commit order, per partition")
          .containsOnly(0);
    } finally {
      writer.stopAndAwait();
      instances.values().forEach(ServiceProcess::close);
    }
  }

  private static LeaseSpec leaseSpec(KubernetesApi kubernetes, String lease) {
    return kubernetes
        .client()
        .leases()
        .inNamespace(KubernetesApi.NAMESPACE)
        .withName(lease)
        .get()
        .getSpec();
  }

  private static void awaitReplicating(ServiceProcess instance) throws InterruptedException {
    await(
        () -> Scrape.value(instance, "weir_cdc_replicating") == 1, instance.name() + " replicates");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 30 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** A value a log line gave, and when that line was written. */
  private record Logged(String value, OffsetDateTime at) {}

  /** The last line of {@code log} matching {@code pattern}: its first group and its time. */
  private static Logged last(Path log, String pattern) throws IOException {
    Pattern compiled = Pattern.compile(pattern);
    Logged found = null;
    for (String line : Files.readAllLines(log)) {
      Matcher matcher = compiled.matcher(line);
      if (matcher.find()) {
        // Spring Boot's console lines begin with an ISO-8601 time and its offset
        found = new Logged(matcher.group(1), OffsetDateTime.parse(line.split("\\s+", 2)[0]));
      }
    }
    assertThat(found).as("a line of " + log + " matching " + pattern).isNotNull();
    return found;
  }

  private static List<String> lastLines(Path log, int count) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    return lines.subList(Math.max(0, lines.size() - count), lines.size());
  }

  private static String configuration(
      MariaDbServer primary,
      KafkaBroker broker,
      String service,
      String topic,
      String table,
      boolean exactlyOnce) {
    return """
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
              exactly_once: %s
        """
        .formatted(
            primary.port(),
            service,
            Credentials.SERVICE.user(),
            Credentials.SERVICE.password(),
            broker.bootstrapServers(),
            topic,
            table,
            exactlyOnce);
  }
}
