package io.weir.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.KafkaBrokerSpec;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.service.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cdc-service as a process with a bounded heap ({@value #HEAP}) streams a transaction larger than
 * that heap and a 100 MB row, whole and exact: with transactions handed on in pieces and the bytes
 * in flight bounded, memory follows the largest row, not the largest transaction. The JVM exits on
 * an {@code OutOfMemoryError}, so running out of heap fails the test. The peak heap the GC log
 * shows is printed for the README.
 */
@WithMariaDb(
    replicas = 0,
    serverOptions = {"--max-allowed-packet=1G"})
class CdcServiceBoundedMemoryIT {

  static final String HEAP = "-Xmx640m";

  /** The large transaction: rows of text, more bytes in all than the service's heap. */
  private static final int MANY_ROWS = 700;

  private static final int ROW_TEXT_BYTES = 1_000_000;

  /** The large row: 100 MiB of every byte value, as a LONGBLOB. */
  private static final int BIG_ROW_BYTES = 100 * 1024 * 1024;

  private static final int KAFKA_LIMIT = 300 * 1024 * 1024;

  private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
              .build());

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    // the broker must take a request and a message larger than the 100 MB row's document
    broker =
        KafkaBroker.start(
            KafkaBrokerSpec.defaults()
                .withServerProperty("socket.request.max.bytes", Integer.toString(KAFKA_LIMIT))
                .withServerProperty("message.max.bytes", Integer.toString(KAFKA_LIMIT)));
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @DisplayName(
      "with a bounded heap, a transaction larger than the heap and a 100 MB row reach Kafka whole"
          + " and exact")
  void largeTransactionAndRowInBoundedHeap(MariaDbTopology topology, @TempDir Path directory)
      throws Exception {
    String topic = "weir.cdc.memory." + UUID.randomUUID();
    // the test kit's brokers roll segments at 16 MB; a record must fit in one
    broker.createTopic(
        topic,
        3,
        Map.of(
            "max.message.bytes",
            Integer.toString(KAFKA_LIMIT),
            "segment.bytes",
            Integer.toString(2 * KAFKA_LIMIT)));
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String many = "many_" + suffix;
    String big = "big_" + suffix;
    topology
        .primary()
        .execute(
            "CREATE TABLE app." + many + " (id INT PRIMARY KEY, t LONGTEXT) CHARACTER SET latin1",
            "CREATE TABLE app." + big + " (id INT PRIMARY KEY, b LONGBLOB)");
    String start = topology.primaryGtidPosition();
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"), configuration(topology, topic, start, suffix));
    Path gcLog = directory.resolve("gc.log");
    List<String> jvm =
        List.of(HEAP, "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog + ":uptime");
    List<String> arguments =
        List.of(
            "--weir.cdc.config-file=" + file,
            "--weir.cdc.data-directory=" + directory.resolve("data"),
            "--weir.cdc.max-record-bytes=" + KAFKA_LIMIT + "B");

    try (ServiceProcess cdc = ServiceProcess.start("cdc", jar(), directory, jvm, arguments)) {
      // one transaction of MANY_ROWS rows, ROW_TEXT_BYTES each; then one row of 100 MiB
      try (Connection connection =
              topology.primary().connect(Credentials.ADMIN, "app", Duration.ofMinutes(5));
          Statement statement = connection.createStatement()) {
        statement.execute(
            "INSERT INTO app."
                + many
                + " SELECT seq, CONCAT(seq, ':', REPEAT(CHAR(65 + seq % 26), "
                + ROW_TEXT_BYTES
                + ")) FROM seq_1_to_"
                + MANY_ROWS);
        statement.execute(
            "INSERT INTO app."
                + big
                + " VALUES (1, REPEAT(UNHEX('"
                + everyByteHex()
                + "'), "
                + BIG_ROW_BYTES / 256
                + "))");
      }
      String bigSha256 =
          topology.primary().queryString("SELECT SHA2(b, 256) FROM app." + big + " WHERE id = 1");

      Set<Integer> manyIds = new TreeSet<>();
      boolean bigSeen = false;
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      try (KafkaConsumer<String, byte[]> consumer = consumer()) {
        consumer.subscribe(List.of(topic));
        while ((manyIds.size() < MANY_ROWS || !bigSeen) && System.nanoTime() < deadline) {
          assertThat(cdc.isRunning()).as("the service (out of memory exits it)").isTrue();
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
            JsonNode document = JSON.readTree(record.value());
            if (document.has("namespace")) {
              continue;
            }
            String table = document.get("table_name").asText();
            int id = document.get("id").asInt();
            if (table.equals(many)) {
              String text = document.get("t").asText();
              assertThat(text.length()).as(record.key()).isEqualTo(expectedText(id).length());
              assertThat(text).as(record.key()).isEqualTo(expectedText(id));
              manyIds.add(id);
            } else if (table.equals(big)) {
              byte[] value = Base64.getDecoder().decode(document.get("b").asText());
              assertThat(value.length).isEqualTo(BIG_ROW_BYTES);
              assertThat(sha256(value)).isEqualTo(bigSha256);
              bigSeen = true;
            }
          }
        }
      }
      assertThat(manyIds).as("rows of the large transaction").hasSize(MANY_ROWS);
      assertThat(bigSeen).as("the 100 MiB row").isTrue();
      assertThat(cdc.isRunning()).isTrue();
    } finally {
      printPeakHeap(gcLog);
    }
  }

  private static String configuration(
      MariaDbTopology topology, String topic, String start, String suffix) {
    return """
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
              gtid: '%s'
              match: 'app[.](many|big)_%s'
        """
        .formatted(
            topology.primary().port(),
            Credentials.SERVICE.user(),
            Credentials.SERVICE.password(),
            broker.bootstrapServers(),
            topic,
            start,
            suffix);
  }

  private static String expectedText(int id) {
    return id + ":" + String.valueOf((char) (65 + id % 26)).repeat(ROW_TEXT_BYTES);
  }

  private static String everyByteHex() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < 256; i++) {
      bytes[i] = (byte) i;
    }
    return HexFormat.of().formatHex(bytes);
  }

  private static String sha256(byte[] value) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
  }

  private static KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> properties = broker.clientProperties();
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "memory-it-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
    return new KafkaConsumer<>(properties);
  }

  /** The GC log's highest heap before and after a collection, for the README's figure. */
  private static void printPeakHeap(Path gcLog) throws IOException {
    if (!Files.exists(gcLog)) {
      return;
    }
    long before = 0;
    long after = 0;
    for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
      Matcher heap = GC_HEAP.matcher(line);
      if (heap.find()) {
        before = Math.max(before, Long.parseLong(heap.group(1)));
        after = Math.max(after, Long.parseLong(heap.group(2)));
      }
    }
    System.out.println(
        "cdc-service heap with "
            + HEAP
            + ": at most "
            + before
            + " MB used before a collection, "
            + after
            + " MB live after one ("
            + gcLog
            + ")");
  }

  private static Path jar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(path -> path.getFileName().toString().matches("cdc-service-.*[.]jar"))
          .filter(path -> !path.getFileName().toString().endsWith("-plain.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no cdc-service jar in target/"));
    }
  }
}
