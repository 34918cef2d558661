package io.weir.cdc.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.event.TransactionPiece;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each {@code golden/NAME.sql} is run on a real MariaDB primary while a {@link
 * BinlogChangeSource} replicates from the position before it; what it hands on must equal {@code
 * golden/NAME.expected.jsonl} line for line. Each transaction is a line {@code
 * {"transaction":"D-S-N"}} followed by its documents; GTID sequences become N, the transaction's
 * number within the file, and timestamps 0, so the files do not depend on the server's history or
 * the clock. A first line {@code -- settings: match=... exclude=... send_schema=false} sets
 * options. Run with {@code -Dgolden.update=true} to rewrite the expected files (then read the
 * diff).
 */
@WithMariaDb(replicas = 0)
class BinlogGoldenFilesIT {

  private static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");
  private static final Pattern GTID = Pattern.compile("\"gtid\":\"(\\d+)-(\\d+)-(\\d+)\"");
  private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\\d+");

  static Stream<String> goldenFiles() throws IOException, URISyntaxException {
    Path directory = Paths.get(BinlogGoldenFilesIT.class.getResource("/golden").toURI());
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(".sql"))
          .map(name -> name.substring(0, name.length() - ".sql".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void documentsEqualTheGoldenFile(String name, MariaDbTopology topology) throws Exception {
    String sql = resource("/golden/" + name + ".sql");
    BinlogSettings settings = settingsFor(sql, topology);
    GtidPosition before = GtidPosition.parse(topology.primaryGtidPosition());
    List<TransactionPiece> received = new CopyOnWriteArrayList<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (BinlogChangeSource source = new BinlogChangeSource(settings)) {
      source.start(before, received::add, failure::set);
      run(sql, topology);
      GtidPosition after = GtidPosition.parse(topology.primaryGtidPosition());
      awaitReceived(after, before, received, failure);
    }
    // golden transactions are far below a piece's bytes: each is handed on as one last piece
    assertThat(received).allMatch(piece -> piece.last() && piece.index() == 0);
    for (TransactionPiece transaction : received) {
      for (ChangeDocument document : transaction.documents()) {
        assertThat(document.key()).isEqualTo(transaction.gtid() + ":" + document.eventNumber());
      }
    }
    String actual = normalised(received);
    Path expectedFile = sourceResource("golden/" + name + ".expected.jsonl");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(expectedFile, actual);
      return;
    }
    assertThat(actual).isEqualTo(Files.readString(expectedFile));
  }

  private static BinlogSettings settingsFor(String sql, MariaDbTopology topology) {
    BinlogSettings settings =
        BinlogSettings.of(
                topology.primary().host(),
                topology.primary().port(),
                Credentials.SERVICE.user(),
                Credentials.SERVICE.password())
            .withTimeout(Duration.ofSeconds(10));
    String firstLine = sql.lines().findFirst().orElse("");
    if (firstLine.startsWith("-- settings:")) {
      for (String setting : firstLine.substring("-- settings:".length()).trim().split("\\s+")) {
        String[] parts = setting.split("=", 2);
        settings =
            switch (parts[0]) {
              case "match" -> settings.withMatch(parts[1]);
              case "exclude" -> settings.withExclude(parts[1]);
              case "send_schema" -> settings.withSendSchema(Boolean.parseBoolean(parts[1]));
              default -> throw new IllegalArgumentException("unknown setting " + setting);
            };
      }
    }
    return settings;
  }

  /** Runs the statements one by one on one connection, so session state carries over. */
  private static void run(String sql, MariaDbTopology topology) throws SQLException {
    try (Connection connection = topology.primary().connect(Credentials.ADMIN);
        Statement statement = connection.createStatement()) {
      for (String sqlStatement : statements(sql)) {
        statement.execute(sqlStatement);
      }
    }
  }

  private static List<String> statements(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.lines().toList()) {
      if (line.strip().startsWith("--") || line.isBlank()) {
        continue;
      }
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  private static void awaitReceived(
      GtidPosition after,
      GtidPosition before,
      List<TransactionPiece> received,
      AtomicReference<Exception> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (failure.get() != null) {
        throw new AssertionError("replication failed", failure.get());
      }
      GtidPosition reached =
          GtidPosition.newestOf(received.stream().map(TransactionPiece::gtid).toList());
      boolean all = true;
      for (Map.Entry<Long, Gtid> domain : after.byDomain().entrySet()) {
        if (!domain.getValue().equals(before.of(domain.getKey()).orElse(null))
            && !domain.getValue().equals(reached.of(domain.getKey()).orElse(null))) {
          all = false;
        }
      }
      if (all) {
        return;
      }
      Thread.sleep(20);
    }
    fail("the source did not reach " + after + "; it handed on " + received);
  }

  private static String normalised(List<TransactionPiece> received) {
    Map<String, Integer> ordinals = new LinkedHashMap<>();
    for (TransactionPiece transaction : received) {
      ordinals.put(transaction.gtid().toString(), ordinals.size() + 1);
    }
    StringBuilder out = new StringBuilder();
    for (TransactionPiece transaction : received) {
      Gtid gtid = transaction.gtid();
      int ordinal = ordinals.get(gtid.toString());
      out.append("{\"transaction\":\"")
          .append(gtid.domain())
          .append('-')
          .append(gtid.serverId())
          .append('-')
          .append(ordinal)
          .append("\"}\n");
      for (ChangeDocument document : transaction.documents()) {
        String json = SEQUENCE.matcher(document.json()).replaceFirst("\"sequence\":" + ordinal);
        json = TIMESTAMP.matcher(json).replaceFirst("\"timestamp\":0");
        Matcher schemaGtid = GTID.matcher(json);
        if (schemaGtid.find()) {
          String text = schemaGtid.group(1) + "-" + schemaGtid.group(2) + "-" + schemaGtid.group(3);
          Integer schemaOrdinal = ordinals.get(text);
          json =
              schemaGtid.replaceFirst(
                  "\"gtid\":\""
                      + schemaGtid.group(1)
                      + "-"
                      + schemaGtid.group(2)
                      + "-"
                      + (schemaOrdinal == null ? "?" : schemaOrdinal)
                      + "\"");
        }
        out.append(json).append('\n');
      }
    }
    return out.toString();
  }

  private static String resource(String name) throws IOException {
    try (var in = BinlogGoldenFilesIT.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The file under src/test/resources, where -Dgolden.update writes. */
  private static Path sourceResource(String name) {
    Path module = Paths.get("").toAbsolutePath();
    if (!Files.isDirectory(module.resolve("src/test/resources"))) {
      module = module.resolve("cdc-service");
    }
    return module.resolve("src/test/resources").resolve(name);
  }
}
