package io.weir.systemtests;

import static io.weir.testkit.mariadb.ServerIdReads.connect;
import static io.weir.testkit.mariadb.ServerIdReads.readsOn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.kubernetes.KubernetesApi;
import io.weir.testkit.kubernetes.WithKubernetesApi;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.service.ServiceProcess;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weir as it runs in a cluster, on one machine: three proxy-service instances and two admin-api
 * instances, each a JVM of its own, all following one {@code weir.config} topic on a real Kafka
 * broker, in front of a real MariaDB primary with two replicas; the admin Lease lives on Fabric8's
 * mock API server. The proxies share their listeners' ports (SO_REUSEPORT), as pods behind one
 * Kubernetes Service would share its address, so the kernel spreads client connections over them;
 * which instance took a session is read from each instance's own management port.
 */
@WithKafka
@WithKubernetesApi
@WithMariaDb(replicas = 2)
class InstancesFollowTheAdminApiIT {

  private static final String PASSWORD = "suite-password";
  private static final Duration LEASE = Duration.ofSeconds(3);

  /** Enough concurrent sessions that each of three instances takes some (miss: 3·(2/3)^30). */
  private static final int SESSIONS = 30;

  private final List<ServiceProcess> processes = new ArrayList<>();
  private final Map<String, ServiceProcess> admins = new HashMap<>();
  private final List<ServiceProcess> proxies = new ArrayList<>();

  @AfterEach
  void stopEverything() {
    processes.reversed().forEach(ServiceProcess::close);
  }

  @Test
  @DisplayName(
      "a PATCH, a new listener, its deletion and a server's maintenance reach all three proxies;"
          + " without Kafka writes get 503 while reads and proxies go on; a restarted proxy rebuilds"
          + " from the topic; killing the admin leader mid-write loses no acknowledged change")
  void everyInstanceFollowsTheAdminApi(
      MariaDbTopology topology,
      KafkaBroker broker,
      KubernetesApi kubernetes,
      @TempDir Path directory)
      throws Exception {
    String topic = "weir.config." + UUID.randomUUID();
    String lease = "weir-admin-" + UUID.randomUUID();
    int splitPort = FreePort.next();
    Path file =
        Files.writeString(directory.resolve("weir.yaml"), configuration(topology, splitPort));
    for (String name : List.of("admin-a", "admin-b")) {
      int port = FreePort.next();
      ServiceProcess admin =
          ServiceProcess.start(
              name,
              jar("admin-api"),
              directory,
              List.of(),
              List.of(
                  "--weir.admin.config-file=" + file,
                  "--weir.admin.initial-password=" + PASSWORD,
                  "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
                  "--weir.config.topic=" + topic,
                  // a write without Kafka gives up after this long (default 30 s)
                  "--weir.config.timeout=5s",
                  "--weir.admin.lease.enabled=true",
                  "--weir.admin.lease.name=" + lease,
                  "--weir.admin.lease.namespace=" + KubernetesApi.NAMESPACE,
                  "--weir.admin.lease.identity=http://127.0.0.1:" + port,
                  "--weir.admin.lease.duration=" + LEASE.toSeconds() + "s",
                  "--weir.admin.lease.kubernetes-url=" + kubernetes.url()),
              port);
      processes.add(admin);
      admins.put(admin.baseUri().toString(), admin);
    }
    for (int i = 1; i <= 3; i++) {
      proxies.add(startProxy("proxy-" + i, broker, topic, directory));
    }
    String holder = kubernetes.awaitLeaseHolder(lease, null);
    String follower = admins.keySet().stream().filter(url -> !url.equals(holder)).findFirst().get();
    JsonHttp viaFollower = admin(follower);
    long primary = topology.primary().serverId();
    long db2 = topology.replicas().get(0).serverId();

    // 1. a PATCH sent to the instance without the Lease is forwarded, stored and applied everywhere
    try (Connection before = connect(splitPort)) {
      assertThat(readsOn(before, 4)).as("reads before the change").doesNotContain(primary);
      HttpResponse<String> patched =
          viaFollower.send(
              "PATCH",
              "/v1/services/split",
              "{\"data\": {\"attributes\": {\"parameters\": {\"max_slave_connections\": 0,"
                  + " \"master_accept_reads\": true}}}}");
      assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
      for (ServiceProcess proxy : proxies) {
        awaitParameter(proxy, "split", "max_slave_connections", "0");
      }
      Sessions after = Sessions.open(splitPort, SESSIONS);
      try {
        assertThat(sessionsPerInstance()).as("new sessions on every instance").allMatch(n -> n > 0);
        assertThat(after.reads(2)).as("reads of sessions started after").containsOnly(primary);
      } finally {
        after.close();
      }
      assertThat(readsOn(before, 4))
          .as("the open session keeps its replica")
          .doesNotContain(primary);
    }
    assertThat(
            viaFollower
                .send(
                    "PATCH",
                    "/v1/services/split",
                    "{\"data\": {\"attributes\": {\"parameters\": {\"max_slave_connections\": 1,"
                        + " \"master_accept_reads\": false}}}}")
                .statusCode())
        .isEqualTo(204);
    for (ServiceProcess proxy : proxies) {
      awaitParameter(proxy, "split", "max_slave_connections", "1");
    }

    // 2. a listener created by POST opens on every instance; DELETE closes it on every one
    int extraPort = FreePort.next();
    HttpResponse<String> created =
        viaFollower.send(
            "POST",
            "/v1/listeners",
            ("{\"data\": {\"id\": \"extra-port\", \"attributes\": {\"parameters\": {\"address\":"
                    + " \"127.0.0.1\", \"port\": %d}}, \"relationships\": {\"services\": {\"data\":"
                    + " [{\"id\": \"split\", \"type\": \"services\"}]}}}}")
                .formatted(extraPort));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    for (ServiceProcess proxy : proxies) {
      awaitListeners(proxy, "split", true);
    }
    Sessions throughExtra = Sessions.open(extraPort, SESSIONS);
    try {
      assertThat(sessionsPerInstance())
          .as("the new port is served by every instance")
          .allMatch(n -> n > 0);
    } finally {
      throughExtra.close();
    }
    assertThat(viaFollower.send("DELETE", "/v1/listeners/extra-port", null).statusCode())
        .isEqualTo(204);
    for (ServiceProcess proxy : proxies) {
      awaitListeners(proxy, "split", false);
    }
    assertThat(refusesConnections(extraPort)).as("no instance listens on it any more").isTrue();

    // 3. maintenance: no instance sends new reads to db2
    Sessions spread = Sessions.open(splitPort, SESSIONS);
    try {
      assertThat(spread.reads(2)).as("db2 serves reads before").contains(db2);
    } finally {
      spread.close();
    }
    assertThat(viaFollower.send("PUT", "/v1/servers/db2/set?state=maintenance", null).statusCode())
        .isEqualTo(204);
    for (ServiceProcess proxy : proxies) {
      awaitServerState(proxy, "db2", "Maintenance");
    }
    Sessions inMaintenance = Sessions.open(splitPort, SESSIONS);
    try {
      assertThat(sessionsPerInstance()).allMatch(n -> n > 0);
      assertThat(inMaintenance.reads(2)).as("reads with db2 in maintenance").doesNotContain(db2);
    } finally {
      inMaintenance.close();
    }

    // a module command runs on every proxy instance, each answering for itself
    HttpResponse<String> polled =
        viaFollower.send("POST", "/v1/modules/mariadbmon/poll?cluster1", null);
    assertThat(polled.statusCode()).as(polled.body()).isEqualTo(200);
    JsonNode ran = JsonHttp.json(polled.body()).at("/meta/instances");
    assertThat(ran).hasSize(3);
    ran.forEach(
        instance ->
            assertThat(instance.at("/result/servers/db2").asText()).contains("Maintenance"));

    // 4. Kafka stopped: writes fail with 503 saying so; reads and the proxies go on
    broker.stop();
    try {
      HttpResponse<String> refused =
          viaFollower.send(
              "PATCH",
              "/v1/servers/db3",
              "{\"data\": {\"attributes\": {\"parameters\": {\"weight\": 2}}}}");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.body()).containsIgnoringCase("kafka");
      assertThat(admin(holder).get("/v1/services/split").at("/data/id").asText())
          .isEqualTo("split");
      try (Connection during = connect(splitPort)) {
        assertThat(readsOn(during, 2)).doesNotContain(db2);
      }
    } finally {
      broker.restart();
    }

    // 5. a proxy restarted rebuilds its whole configuration from the topic
    ServiceProcess restarted = proxies.removeFirst();
    restarted.stop();
    proxies.addFirst(startProxy("proxy-1-again", broker, topic, directory));
    awaitParameter(proxies.getFirst(), "split", "max_slave_connections", "1");
    awaitServerState(proxies.getFirst(), "db2", "Maintenance");

    // 6. the admin leader killed mid-write: every acknowledged change survives, and the other
    // instance takes the Lease within its duration
    String currentHolder = kubernetes.awaitLeaseHolder(lease, null);
    JsonHttp leader = admin(currentHolder);
    List<Integer> acknowledged = new CopyOnWriteArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int weight = 10; writing.get() && weight < 10_000; weight++) {
                    try {
                      HttpResponse<String> response =
                          leader.send(
                              "PATCH",
                              "/v1/servers/db3",
                              "{\"data\": {\"attributes\": {\"parameters\": {\"weight\": "
                                  + weight
                                  + "}}}}");
                      if (response.statusCode() == 204) {
                        acknowledged.add(weight);
                      }
                    } catch (Exception e) {
                      return; // the leader is gone
                    }
                  }
                });
    while (acknowledged.size() < 5) {
      Thread.sleep(20);
    }
    long killedAt = System.nanoTime();
    admins.get(currentHolder).kill();
    writer.join(Duration.ofSeconds(30).toMillis());
    writing.set(false);
    String successor = kubernetes.awaitLeaseHolder(lease, currentHolder);
    Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
    assertThat(takeover)
        .as("the follower takes the Lease once the killed holder's expires")
        .isLessThanOrEqualTo(LEASE.plusSeconds(2));
    Set<Integer> stored = new HashSet<>();
    for (ConsumerRecord<String, String> record : broker.readAll(topic, Duration.ofSeconds(30))) {
      if ("servers/db3".equals(record.key()) && record.value() != null) {
        stored.add(JsonHttp.json(record.value()).at("/parameters/weight").asInt());
      }
    }
    assertThat(stored).as("every acknowledged write is in weir.config").containsAll(acknowledged);
    int last = acknowledged.getLast();
    JsonNode db3 = admin(successor).get("/v1/servers/db3");
    assertThat(db3.at("/data/attributes/parameters/weight").asInt()).isGreaterThanOrEqualTo(last);
    HttpResponse<String> afterTakeover =
        admin(successor)
            .send(
                "PATCH",
                "/v1/servers/db3",
                "{\"data\": {\"attributes\": {\"parameters\": {\"weight\": 1}}}}");
    assertThat(afterTakeover.statusCode()).as(afterTakeover.body()).isEqualTo(204);
    System.out.printf(
        "admin leader killed after %d acknowledged writes; the Lease moved in %d ms%n",
        acknowledged.size(), takeover.toMillis());
  }

  private ServiceProcess startProxy(String name, KafkaBroker broker, String topic, Path directory) {
    ServiceProcess proxy =
        ServiceProcess.start(
            name,
            jar("proxy-service"),
            directory,
            List.of(
                "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
                "--weir.config.topic=" + topic,
                "--weir.instance.id=" + name));
    processes.add(proxy);
    return proxy;
  }

  private static Path jar(String service) {
    for (String entry : System.getProperty("weir.service.jars").split(",")) {
      if (entry.startsWith(service + "=")) {
        return Path.of(entry.substring(service.length() + 1));
      }
    }
    throw new IllegalStateException("no jar for " + service + " in weir.service.jars");
  }

  private static JsonHttp admin(String url) {
    return JsonHttp.at(URI.create(url), "admin", PASSWORD);
  }

  /** The sessions each proxy instance has open on service {@code split} now. */
  private List<Integer> sessionsPerInstance() throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (ServiceProcess proxy : proxies) {
      counts.add(
          JsonHttp.at(proxy.baseUri())
              .get("/v1/services/split")
              .at("/data/attributes/connections")
              .asInt());
    }
    return counts;
  }

  private static void awaitParameter(
      ServiceProcess proxy, String service, String parameter, String value) throws Exception {
    await(
        proxy.name() + ": services/" + service + " " + parameter + "=" + value,
        () ->
            value.equals(
                JsonHttp.at(proxy.baseUri())
                    .get("/v1/services/" + service)
                    .at("/data/attributes/parameters/" + parameter)
                    .asText()));
  }

  private static void awaitListeners(ServiceProcess proxy, String service, boolean withExtra)
      throws Exception {
    await(
        proxy.name() + ": extra-port " + (withExtra ? "open" : "closed"),
        () -> {
          List<String> listeners = new ArrayList<>();
          JsonHttp.at(proxy.baseUri())
              .get("/v1/services/" + service)
              .at("/data/attributes/listeners")
              .forEach(listener -> listeners.add(listener.asText()));
          return listeners.contains("extra-port") == withExtra;
        });
  }

  private static void awaitServerState(ServiceProcess proxy, String server, String bit)
      throws Exception {
    await(
        proxy.name() + ": " + server + " " + bit,
        () -> {
          for (JsonNode each : JsonHttp.at(proxy.baseUri()).get("/v1/servers").get("data")) {
            if (each.get("id").asText().equals(server)) {
              return each.at("/attributes/state").asText().contains(bit);
            }
          }
          return false;
        });
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(50);
    }
  }

  private static boolean refusesConnections(int port) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException e) {
      return true;
    }
  }

  /** Sessions open at the same time, so that each instance's count shows its share. */
  private record Sessions(List<Connection> connections) implements AutoCloseable {

    static Sessions open(int port, int count) throws SQLException {
      List<Connection> connections = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        connections.add(connect(port));
      }
      return new Sessions(connections);
    }

    /** The servers that answered {@code each} reads of every session. */
    Set<Long> reads(int each) throws SQLException {
      Set<Long> servers = new HashSet<>();
      for (Connection connection : connections) {
        servers.addAll(readsOn(connection, each));
      }
      return servers;
    }

    @Override
    public void close() throws SQLException {
      for (Connection connection : connections) {
        connection.close();
      }
    }
  }

  private static String configuration(MariaDbTopology topology, int splitPort) {
    List<MariaDbServer> servers =
        List.of(topology.primary(), topology.replicas().get(0), topology.replicas().get(1));
    return """
        servers:
          db1: {parameters: {address: 127.0.0.1, port: %d}}
          db2: {parameters: {address: 127.0.0.1, port: %d}}
          db3: {parameters: {address: 127.0.0.1, port: %d}}
        monitors:
          cluster1:
            module: mariadbmon
            servers: [db1, db2, db3]
            parameters: {user: %s, password: %s, monitor_interval: 200ms}
        services:
          split:
            router: readwritesplit
            cluster: cluster1
            parameters: {user: %s, password: %s, max_slave_connections: 1}
        listeners:
          split-port:
            service: split
            parameters: {address: 127.0.0.1, port: %d}
        """
        .formatted(
            servers.get(0).port(),
            servers.get(1).port(),
            servers.get(2).port(),
            Credentials.SERVICE.user(),
            Credentials.SERVICE.password(),
            Credentials.SERVICE.user(),
            Credentials.SERVICE.password(),
            splitPort);
  }
}
