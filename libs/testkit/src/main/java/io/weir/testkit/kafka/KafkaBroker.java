package io.weir.testkit.kafka;

import io.weir.testkit.kafka.logging.StandardErrorLoggerProvider;
import io.weir.testkit.process.ChildProcess;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.process.LogTail;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) in its own JVM,
 * listening on 127.0.0.1, with its data in a temporary directory that {@link #close()} deletes.
 *
 * <p>The broker runs in a child JVM rather than inside the test JVM so that tests can stop it, kill
 * it with {@code SIGKILL} and restart it on the same ports and data, as a crash or a rolling
 * restart would, and so that its threads, memory and logging stay out of the test JVM. The child
 * JVM runs the Kafka jars of this JVM's class path; it ends when this JVM ends, however that
 * happens (see {@link ChildProcess}).
 *
 * <p>When the broker cannot start, the exception says why in the broker's own words: its message
 * ends with the last lines of the broker's log.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start()) {
 *   broker.createTopic("weir.config", 1, Map.of("cleanup.policy", "compact"));
 *   var producer = new KafkaProducer<>(broker.clientProperties(), ...);
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

  private static final String BROKER_MAIN_CLASS = "kafka.Kafka";

  /**
   * Kafka 4.2 still ships its storage tool in the Scala core jar; {@code
   * org.apache.kafka.tools.StorageTool} does not exist in this version.
   */
  private static final String STORAGE_TOOL_MAIN_CLASS = "kafka.tools.StorageTool";

  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final int LOG_LINES = 60;
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final Duration READINESS_REQUEST_TIMEOUT = Duration.ofSeconds(1);

  /**
   * The child JVM trades peak speed for a fast start: a test broker carries little traffic, and the
   * client compiler and serial collector start sooner and use less of a small CI machine.
   */
  private static final List<String> JVM_OPTIONS =
      List.of(
          "-Xmx512m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Djava.awt.headless=true",
          // Kafka's clients use sun.misc.Unsafe; the JDK's warning about it would crowd the log
          "--sun-misc-unsafe-memory-access=allow");

  private final KafkaBrokerSpec spec;
  private final Path directory;
  private final int port;
  private final int controllerPort;
  private @Nullable ChildProcess process;
  private boolean closed;

  private KafkaBroker(KafkaBrokerSpec spec, Path directory, int port, int controllerPort) {
    this.spec = spec;
    this.directory = directory;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Starts a broker with the {@linkplain KafkaBrokerSpec#defaults() default spec}. */
  public static KafkaBroker start() {
    return start(KafkaBrokerSpec.defaults());
  }

  /**
   * Formats fresh storage, starts the broker and returns once it answers clients.
   *
   * @throws IllegalStateException if the broker exits or does not answer within the spec's startup
   *     timeout; the message ends with the broker's last log lines
   */
  public static KafkaBroker start(KafkaBrokerSpec spec) {
    Path directory;
    try {
      directory = Files.createTempDirectory("weir-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the Kafka broker", e);
    }
    int port = spec.port() != 0 ? spec.port() : FreePort.next();
    int controllerPort = spec.controllerPort() != 0 ? spec.controllerPort() : FreePort.next();
    while (controllerPort == port) {
      controllerPort = FreePort.next();
    }
    KafkaBroker broker = new KafkaBroker(spec, directory, port, controllerPort);
    try {
      broker.writeConfiguration();
      broker.formatStorage();
      broker.launch();
      return broker;
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  /** {@code 127.0.0.1:port}, for the clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /**
   * The settings every client of this broker needs, as a new mutable map so that callers can add
   * their own (serializers, group id, acks) before passing it to a producer or consumer.
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return properties;
  }

  /** Whether the broker's JVM is alive; it may still be starting or shutting down. */
  public synchronized boolean isRunning() {
    ChildProcess current = process;
    return current != null && current.isAlive();
  }

  /**
   * Shuts the broker down cleanly (SIGTERM), as a rolling restart would, and waits for its JVM to
   * end; kills it if it takes longer than 30 seconds. Its data stays for {@link #restart()}.
   */
  public synchronized void stop() {
    ChildProcess current = process;
    if (current != null) {
      current.stop(STOP_GRACE);
      current.close();
      process = null;
    }
  }

  /**
   * Kills the broker's JVM at once (SIGKILL), as a crash or an OOM kill would. What the broker had
   * written stays in the page cache, so acknowledged records survive; unflushed segment indexes are
   * rebuilt by the broker on {@link #restart()}.
   */
  public synchronized void kill() {
    ChildProcess current = process;
    if (current != null) {
      current.kill();
      current.close();
      process = null;
    }
  }

  /**
   * Starts the broker again on the same ports with the same data, stopping it cleanly first if it
   * still runs, and returns once it answers clients.
   *
   * @throws IllegalStateException if it does not come back; the message says whether another
   *     process holds one of its ports and ends with the broker's last log lines
   */
  public synchronized void restart() {
    requireOpen();
    stop();
    launch();
  }

  /**
   * Creates a topic with one replica per partition and waits until every partition has a leader
   * that answers, so that a producer's first send does not race the topic's creation.
   *
   * @param config topic-level settings such as {@code cleanup.policy}
   */
  public void createTopic(String name, int partitions, Map<String, String> config) {
    requireOpen();
    try (Admin admin = Admin.create(adminProperties(OPERATION_TIMEOUT))) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(config)))
          .all()
          .get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      awaitTopicReady(admin, name, partitions);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "topic " + name + " was not created within " + OPERATION_TIMEOUT + brokerState(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }

  private void awaitTopicReady(Admin admin, String name, int partitions)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + OPERATION_TIMEOUT.toNanos();
    @Nullable Throwable lastProblem = null;
    while (System.nanoTime() < deadline) {
      try {
        TopicDescription description =
            admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
        List<TopicPartitionInfo> infos = description.partitions();
        if (infos.size() == partitions
            && infos.stream().allMatch(info -> info.leader() != null && !info.leader().isEmpty())) {
          // a listOffsets answer proves the leader has opened the partition's log
          Map<TopicPartition, OffsetSpec> latest =
              infos.stream()
                  .collect(
                      Collectors.toMap(
                          info -> new TopicPartition(name, info.partition()),
                          info -> OffsetSpec.latest()));
          admin.listOffsets(latest).all().get();
          return;
        }
      } catch (ExecutionException e) {
        lastProblem = e.getCause();
      }
      Thread.sleep(POLL_INTERVAL);
    }
    throw new TimeoutException(
        "topic "
            + name
            + " has no leader for every partition"
            + (lastProblem == null ? "" : " (last problem: " + lastProblem + ")"));
  }

  /**
   * Reads every record of {@code topic}, all partitions from their first offset up to the end
   * offsets they had when this call began, as a consumer with {@code read_committed} isolation sees
   * them (records of aborted transactions are left out). Records are ordered by partition, then
   * offset. Keys and values are read as UTF-8 strings.
   *
   * @throws IllegalStateException if the topic does not exist or not every record arrived within
   *     {@code timeout}
   */
  public List<ConsumerRecord<String, String>> readAll(String topic, Duration timeout) {
    requireOpen();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            consumerProperties(), new StringDeserializer(), new StringDeserializer())) {
      List<PartitionInfo> partitionInfos = consumer.partitionsFor(topic, timeout);
      if (partitionInfos == null || partitionInfos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist" + brokerState());
      }
      List<TopicPartition> partitions =
          partitionInfos.stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .sorted(Comparator.comparingInt(TopicPartition::partition))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, remaining(deadline));
      Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new TreeMap<>();
      while (!caughtUp(consumer, endOffsets)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "not every record of "
                  + topic
                  + " arrived within "
                  + timeout
                  + "; end offsets "
                  + endOffsets
                  + ", positions "
                  + positions(consumer, partitions)
                  + brokerState());
        }
        for (ConsumerRecord<String, String> record : consumer.poll(POLL_INTERVAL)) {
          if (record.offset() < endOffsets.get(new TopicPartition(topic, record.partition()))) {
            byPartition.computeIfAbsent(record.partition(), key -> new ArrayList<>()).add(record);
          }
        }
      }
      return byPartition.values().stream().flatMap(List::stream).toList();
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException(
          "cannot read " + topic + " within " + timeout + ": " + e.getMessage() + brokerState(), e);
    }
  }

  private static boolean caughtUp(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> endOffsets) {
    return endOffsets.entrySet().stream()
        .allMatch(entry -> consumer.position(entry.getKey()) >= entry.getValue());
  }

  private static Map<Integer, Long> positions(
      KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
    Map<Integer, Long> positions = new TreeMap<>();
    for (TopicPartition partition : partitions) {
      positions.put(partition.partition(), consumer.position(partition, Duration.ofSeconds(1)));
    }
    return positions;
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  /** The last {@code lines} lines the broker's JVM wrote, across restarts. */
  public String logTail(int lines) {
    return LogTail.of(logFile(), lines);
  }

  /** Kills the broker if it runs and deletes its data and logs. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      kill();
    } finally {
      deleteRecursively(directory);
    }
  }

  @Override
  public String toString() {
    return "KafkaBroker[" + bootstrapServers() + (isRunning() ? ", running" : ", stopped") + "]";
  }

  private void writeConfiguration() {
    Map<String, String> properties = new TreeMap<>();
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", Integer.toString(NODE_ID));
    properties.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    properties.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
    properties.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
    properties.put("controller.listener.names", "CONTROLLER");
    properties.put("inter.broker.listener.name", "PLAINTEXT");
    properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    properties.put("log.dirs", dataDirectory().toString());
    // one broker: every internal topic must be satisfied by one replica
    properties.put("default.replication.factor", "1");
    properties.put("min.insync.replicas", "1");
    properties.put("offsets.topic.replication.factor", "1");
    properties.put("transaction.state.log.replication.factor", "1");
    properties.put("transaction.state.log.min.isr", "1");
    properties.put("share.coordinator.state.topic.replication.factor", "1");
    properties.put("share.coordinator.state.topic.min.isr", "1");
    // fewer internal partitions load faster, so a test's first consumer group forms sooner
    properties.put("offsets.topic.num.partitions", "1");
    properties.put("transaction.state.log.num.partitions", "1");
    properties.put("share.coordinator.state.topic.num.partitions", "1");
    properties.put("group.initial.rebalance.delay.ms", "0");
    // After a SIGKILL the controller refuses the restarted broker's registration until the dead
    // incarnation's session expires: 9 s by default, most of a restart's time.
    properties.put("broker.session.timeout.ms", "3000");
    properties.put("broker.heartbeat.interval.ms", "500");
    // Kafka preallocates index files at their maximum size for every partition
    properties.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
    properties.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
    properties.putAll(spec.serverProperties());
    StringBuilder text = new StringBuilder("# written by ").append(KafkaBroker.class.getName());
    properties.forEach((key, value) -> text.append('\n').append(key).append('=').append(value));
    text.append('\n');
    try {
      Files.writeString(serverPropertiesFile(), text);
      copyResource("broker-logback.xml", logbackConfigurationFile());
      copyResource("broker-log4j2.properties", log4jConfigurationFile());
      Files.writeString(jvmArgumentFile(), jvmArguments());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Kafka broker's configuration", e);
    }
  }

  private String jvmArguments() {
    List<String> arguments = new ArrayList<>(JVM_OPTIONS);
    arguments.add("-Dlogback.configurationFile=" + logbackConfigurationFile());
    arguments.add("-Dlog4j2.configurationFile=" + log4jConfigurationFile());
    if (!hasSlf4jProvider()) {
      arguments.add("-Dslf4j.provider=" + StandardErrorLoggerProvider.class.getName());
    }
    arguments.add("-cp");
    arguments.add(
        ChildClassPath.ofThisJvm().stream()
            .map(Path::toString)
            .collect(Collectors.joining(java.io.File.pathSeparator)));
    return arguments.stream()
        .map(KafkaBroker::quoteForArgumentFile)
        .collect(Collectors.joining("\n"));
  }

  /**
   * The broker's JVM has this JVM's class path, so it finds an SLF4J provider exactly when this
   * JVM's application class loader does. Looking one up does not instantiate it.
   */
  private static boolean hasSlf4jProvider() {
    return ServiceLoader.load(SLF4JServiceProvider.class, ClassLoader.getSystemClassLoader())
        .stream()
        .findAny()
        .isPresent();
  }

  /**
   * The class path goes through a {@code java @file} argument file because a single command-line
   * argument is limited to 128 KiB on Linux, which a large project's class path can exceed.
   */
  private static String quoteForArgumentFile(String argument) {
    return '"' + argument.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private List<String> javaCommand(String mainClass, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("@" + jvmArgumentFile());
    command.add(mainClass);
    command.addAll(arguments);
    return command;
  }

  private void formatStorage() {
    long started = System.nanoTime();
    Path formatLog = directory.resolve("storage-format.log");
    List<String> arguments =
        List.of(
            "format",
            "--cluster-id",
            Uuid.randomUuid().toString(),
            "--config",
            serverPropertiesFile().toString(),
            "--ignore-formatted");
    try (ChildProcess tool =
        ChildProcess.start(
            "kafka-storage-format",
            javaCommand(STORAGE_TOOL_MAIN_CLASS, arguments),
            directory,
            formatLog,
            Map.of())) {
      if (!tool.awaitExit(FORMAT_TIMEOUT)) {
        throw new IllegalStateException(
            "Kafka's storage format tool did not finish within "
                + FORMAT_TIMEOUT
                + "; last lines of its log "
                + formatLog
                + ":\n"
                + tool.logTail(LOG_LINES));
      }
      int status = tool.exitStatus().orElseThrow();
      if (status != 0) {
        throw new IllegalStateException(
            "Kafka's storage format tool failed with exit status "
                + status
                + " for "
                + serverPropertiesFile()
                + "; last lines of its log "
                + formatLog
                + ":\n"
                + tool.logTail(LOG_LINES));
      }
    }
    LOG.info(
        "Kafka storage formatted in {} ms",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private void launch() {
    long started = System.nanoTime();
    ChildProcess child =
        ChildProcess.start(
            "kafka-broker",
            javaCommand(BROKER_MAIN_CLASS, List.of(serverPropertiesFile().toString())),
            directory,
            logFile(),
            Map.of());
    process = child;
    awaitReady(child, started);
    LOG.info(
        "Kafka broker ready on {} in {} ms (pid {})",
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        child.pid());
  }

  private void awaitReady(ChildProcess child, long started) {
    long deadline = started + spec.startupTimeout().toNanos();
    @Nullable Throwable lastProblem = null;
    try {
      // an admin client polling a closed port logs a warning per attempt; a socket stays quiet
      while (!accepts(port)) {
        requireAlive(child, deadline, null);
        Thread.sleep(POLL_INTERVAL);
      }
      try (Admin admin = Admin.create(adminProperties(READINESS_REQUEST_TIMEOUT))) {
        while (true) {
          requireAlive(child, deadline, lastProblem);
          try {
            Collection<Node> nodes =
                admin
                    .describeCluster(
                        new DescribeClusterOptions()
                            .timeoutMs((int) READINESS_REQUEST_TIMEOUT.toMillis()))
                    .nodes()
                    .get();
            if (!nodes.isEmpty()) {
              return;
            }
          } catch (ExecutionException e) {
            lastProblem = e.getCause();
          }
          Thread.sleep(POLL_INTERVAL);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.close();
      process = null;
      throw new IllegalStateException("interrupted while the Kafka broker started", e);
    } catch (RuntimeException e) {
      child.close();
      process = null;
      throw e;
    }
  }

  private void requireAlive(ChildProcess child, long deadline, @Nullable Throwable lastProblem) {
    if (!child.isAlive()) {
      throw startFailure(
          child,
          "its JVM exited with status "
              + child.exitStatus().map(String::valueOf).orElse("unknown")
              + " before the broker answered");
    }
    if (System.nanoTime() > deadline) {
      child.kill();
      throw startFailure(
          child,
          "it did not answer within "
              + spec.startupTimeout()
              + (lastProblem == null ? "" : " (last problem: " + lastProblem + ")"));
    }
  }

  private static boolean accepts(int candidate) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, candidate), (int) POLL_INTERVAL.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private IllegalStateException startFailure(ChildProcess child, String reason) {
    child.close();
    process = null;
    return new IllegalStateException(
        "Kafka broker on "
            + bootstrapServers()
            + " did not start: "
            + reason
            + portsInUse()
            + ". Last lines of its log "
            + logFile()
            + ":\n"
            + LogTail.of(logFile(), LOG_LINES));
  }

  /** Names the broker's ports that another process holds, the usual cause of a failed restart. */
  private String portsInUse() {
    StringBuilder text = new StringBuilder();
    for (int candidate : List.of(port, controllerPort)) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), candidate));
      } catch (IOException e) {
        text.append("; port ").append(candidate).append(" on ").append(HOST);
        text.append(" is taken by another process");
      }
    }
    return text.toString();
  }

  private String brokerState() {
    return isRunning()
        ? ""
        : " (the broker is not running; last lines of its log:\n" + logTail(LOG_LINES) + ")";
  }

  private Properties adminProperties(Duration requestTimeout) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "weir-testkit-admin");
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
    properties.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
    // a broker that is still starting refuses connections; retry soon rather than back off
    properties.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
    properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    properties.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
    properties.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
    properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1_000);
    properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 1_000);
    return properties;
  }

  private Map<String, Object> consumerProperties() {
    Map<String, Object> properties = clientProperties();
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "weir-testkit-reader");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // reading a topic that does not exist is a test's mistake; creating it would hide that
    properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    properties.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    properties.put(ConsumerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
    return properties;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the Kafka broker on " + bootstrapServers() + " is closed");
    }
  }

  private void copyResource(String name, Path target) throws IOException {
    try (InputStream in = KafkaBroker.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing from the test kit's resources");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot delete the Kafka broker's directory {}: {}", root, e.getMessage());
    }
  }

  private Path dataDirectory() {
    return directory.resolve("data");
  }

  private Path serverPropertiesFile() {
    return directory.resolve("server.properties");
  }

  private Path logFile() {
    return directory.resolve("broker.log");
  }

  private Path logbackConfigurationFile() {
    return directory.resolve("logback.xml");
  }

  private Path log4jConfigurationFile() {
    return directory.resolve("log4j2.properties");
  }

  private Path jvmArgumentFile() {
    return directory.resolve("java.arguments");
  }
}
