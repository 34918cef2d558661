package io.weir.bench.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.TopologySpec;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.service.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How long a change made through the admin API takes to be in effect on every one of three
 * proxy-service instances: admin-api and three proxies, each from its jar in a JVM of its own, on
 * one Kafka broker and one MariaDB primary from the test kit. Each round PATCHes the service's
 * {@code max_sescmd_history} to a new value, then polls every proxy's {@code GET
 * /v1/services/split} until it shows that value. Baseline: a plain Kafka consumer in this JVM
 * following {@code weir.config}, timed from the same PATCH to the record's arrival.
 *
 * <p>Prints p50, p99 and max of: the PATCH until its 204; the 204 until all three proxies apply it
 * (the target: p99 under 1 s); the PATCH until the plain consumer has the record; and the
 * ratio of the proxies' time from the PATCH to the baseline's.
 *
 * <p>Arguments: the number of changes (default 200). System properties {@code weir.proxy.jar} and
 * {@code weir.admin.jar} name the services' jars.
 */
public final class ConfigPropagationBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "bench-password";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ConfigPropagationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path proxyJar = Path.of(System.getProperty("weir.proxy.jar", "missing-weir.proxy.jar"));
    Path adminJar = Path.of(System.getProperty("weir.admin.jar", "missing-weir.admin.jar"));
    Path directory = Files.createTempDirectory("weir-config-propagation");
    String topic = "weir.config." + UUID.randomUUID();
    List<ServiceProcess> services = new ArrayList<>();
    try (MariaDbTopology topology = MariaDbTopology.start(TopologySpec.of(0));
        KafkaBroker broker = KafkaBroker.start()) {
      Path file =
          Files.writeString(
              directory.resolve("weir.yaml"), configuration(topology, FreePort.next()));
      ServiceProcess admin =
          ServiceProcess.start(
              "admin-api",
              adminJar,
              directory,
              List.of(
                  "--weir.admin.config-file=" + file,
                  "--weir.admin.initial-password=" + PASSWORD,
                  "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
                  "--weir.config.topic=" + topic));
      services.add(admin);
      List<ServiceProcess> proxies = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        ServiceProcess proxy =
            ServiceProcess.start(
                "proxy-" + i,
                proxyJar,
                directory,
                List.of(
                    "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
                    "--weir.config.topic=" + topic,
                    "--weir.instance.id=proxy-" + i));
        services.add(proxy);
        proxies.add(proxy);
      }
      try (BaselineConsumer baseline = new BaselineConsumer(broker.bootstrapServers(), topic)) {
        run(changes, admin, proxies, baseline);
      }
    } finally {
      services.reversed().forEach(ServiceProcess::close);
    }
  }

  private static void run(
      int changes, ServiceProcess admin, List<ServiceProcess> proxies, BaselineConsumer baseline)
      throws Exception {
    ExecutorService pollers = Executors.newFixedThreadPool(proxies.size());
    // warm-up: the first rounds load classes in every JVM
    for (int round = 0; round < 20; round++) {
      change(admin, proxies, pollers, baseline, 10_000 + round);
    }
    long[] acknowledge = new long[changes];
    long[] applied = new long[changes];
    long[] kafka = new long[changes];
    double[] ratio = new double[changes];
    for (int round = 0; round < changes; round++) {
      Round measured = change(admin, proxies, pollers, baseline, 20_000 + round);
      acknowledge[round] = measured.acknowledgedNanos();
      applied[round] = measured.appliedNanos();
      kafka[round] = measured.baselineNanos();
      ratio[round] =
          (double) (measured.acknowledgedNanos() + measured.appliedNanos())
              / measured.baselineNanos();
    }
    pollers.shutdownNow();
    System.out.printf(
        "%d changes, each in effect on %d proxy instances%n", changes, proxies.size());
    System.out.printf("%-40s %10s %10s %10s%n", "ms", "p50", "p99", "max");
    print("PATCH until 204 (admin-api)", acknowledge);
    print("204 until applied on all 3 proxies", applied);
    print("PATCH until a plain consumer has it", kafka);
    Arrays.sort(ratio);
    System.out.printf(
        "%-40s %10.2f %10.2f %10.2f%n",
        "(PATCH until applied) / baseline",
        ratio[ratio.length / 2],
        ratio[(int) Math.ceil(ratio.length * 0.99) - 1],
        ratio[ratio.length - 1]);
  }

  private record Round(long acknowledgedNanos, long appliedNanos, long baselineNanos) {}

  private static Round change(
      ServiceProcess admin,
      List<ServiceProcess> proxies,
      ExecutorService pollers,
      BaselineConsumer baseline,
      int value)
      throws Exception {
    String expected = Integer.toString(value);
    long sent = System.nanoTime();
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(admin.baseUri().resolve("/v1/services/split"))
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString(
                        "{\"data\": {\"attributes\": {\"parameters\": {\"max_sescmd_history\": "
                            + value
                            + "}}}}"))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long acknowledged = System.nanoTime();
    if (response.statusCode() != 204) {
      throw new IllegalStateException("PATCH: " + response.statusCode() + " " + response.body());
    }
    long offset =
        Long.parseLong(response.headers().firstValue("X-Weir-Config-Offset").orElseThrow());
    List<Future<Long>> polls = new ArrayList<>();
    for (ServiceProcess proxy : proxies) {
      polls.add(pollers.submit(() -> awaitValue(proxy.baseUri(), expected)));
    }
    long applied = 0;
    for (Future<Long> poll : polls) {
      applied = Math.max(applied, poll.get());
    }
    long received = baseline.awaitOffset(offset);
    return new Round(acknowledged - sent, applied - acknowledged, received - sent);
  }

  /** Polls a proxy until its service shows {@code expected}; returns when it first did. */
  private static long awaitValue(URI proxy, String expected) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(proxy.resolve("/v1/services/split")).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      long now = System.nanoTime();
      if (response.statusCode() == 200
          && expected.equals(
              JSON.readTree(response.body())
                  .at("/data/attributes/parameters/max_sescmd_history")
                  .asText())) {
        return now;
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException(proxy + " did not apply max_sescmd_history=" + expected);
  }

  private static void print(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%-40s %10.1f %10.1f %10.1f%n",
        what,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private static String authorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  private static String configuration(MariaDbTopology topology, int listenerPort) {
    return """
        servers:
          db1: {parameters: {address: 127.0.0.1, port: %d}}
        monitors:
          cluster1:
            module: mariadbmon
            servers: [db1]
            parameters: {user: %s, password: %s}
        services:
          split:
            router: readwritesplit
            cluster: cluster1
            parameters: {user: %s, password: %s}
        listeners:
          split-port:
            service: split
            parameters: {address: 127.0.0.1, port: %d}
        """
        .formatted(
            topology.primary().port(),
            Credentials.SERVICE.user(),
            Credentials.SERVICE.password(),
            Credentials.SERVICE.user(),
            Credentials.SERVICE.password(),
            listenerPort);
  }

  /** A plain consumer of the topic in this JVM, noting when each offset arrives. */
  private static final class BaselineConsumer implements AutoCloseable {
    private final Map<Long, Long> arrivals = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    BaselineConsumer(String bootstrapServers, String topic) {
      Properties properties = new Properties();
      properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      consumer.position(partition);
      this.thread =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try (consumer) {
                      while (!closed) {
                        for (ConsumerRecord<String, String> record :
                            consumer.poll(Duration.ofMillis(100))) {
                          arrivals.put(record.offset(), System.nanoTime());
                        }
                      }
                    }
                  });
    }

    long awaitOffset(long offset) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        Long arrived = arrivals.get(offset);
        if (arrived != null) {
          return arrived;
        }
        Thread.sleep(1);
      }
      throw new IllegalStateException("the baseline consumer never saw offset " + offset);
    }

    @Override
    public void close() throws InterruptedException {
      closed = true;
      thread.join(Duration.ofSeconds(10));
    }
  }
}
