package io.weir.proxy.clients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.proxy.clients.ResultSets.Table;
import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.math.BigDecimal;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every JDBC driver must see the same through the proxy as directly: each test runs one
 * scenario on a connection to the primary and on a connection through the proxy, asserts the two
 * results equal, and asserts the direct result is what the scenario means to produce (so a scenario
 * that silently does nothing fails too).
 *
 * <p>A driver's suite extends this with its URL, its settings (server-side prepared statements on
 * and off), how it streams and how it batches, and adds what only that driver can do.
 */
@WithMariaDb
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcDriverContract {

  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
  private static final int STREAMED_ROWS = 100_000;
  private static final int BATCH_ROWS = 1_000;
  private static final BigDecimal BIGINT_UNSIGNED_MAX = new BigDecimal("18446744073709551615");

  private @Nullable MariaDbTopology topology;
  private @Nullable TestingProxy proxy;

  /** A JDBC URL of this driver for {@code database} on {@code host:port} with {@code settings}. */
  abstract String url(String host, int port, String database, String settings);

  /** Prefix of every table, procedure and database this class creates, unique per class. */
  abstract String prefix();

  /** The driver settings (URL parameters, {@code &}-joined) every scenario runs with. */
  abstract List<String> settings();

  /** The driver's ways of sending a batch, as extra URL parameters. */
  abstract List<String> batchSettings();

  /** The fetch size that makes this driver stream a result instead of reading it whole. */
  abstract int streamingFetchSize();

  /** The proxy the scenarios run through: readconnroute to the master unless overridden. */
  TestingProxy proxyFor(MariaDbTopology topology) {
    return TestingProxy.start(topology, "master");
  }

  @BeforeAll
  final void startProxy(MariaDbTopology topology) throws SQLException {
    this.topology = topology;
    this.proxy = proxyFor(topology);
    topology.primary().execute("CREATE DATABASE IF NOT EXISTS " + otherDatabase());
    // created by the application account so that it is the definer and drivers may read the
    // parameter list they need for CallableStatement
    try (Connection connection = connectDirectly("");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP PROCEDURE IF EXISTS " + procedure());
      statement.execute(
          "CREATE PROCEDURE "
              + procedure()
              + "(IN n INT, OUT total INT) BEGIN"
              + " SELECT n AS first_set;"
              + " SELECT n * 2 AS second_set, 'b' AS tag;"
              + " SET total = n * 3;"
              + " END");
    }
  }

  @AfterAll
  final void stopProxy() {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      primary()
          .execute(
              "DROP PROCEDURE IF EXISTS app." + procedure(),
              "DROP DATABASE IF EXISTS " + otherDatabase());
    }
  }

  final List<Arguments> settingsAndBatches() {
    List<Arguments> arguments = new ArrayList<>();
    for (String setting : settings()) {
      for (String batch : batchSettings()) {
        arguments.add(Arguments.of(setting, batch));
      }
    }
    return arguments;
  }

  /** Runs {@code scenario} directly and through the proxy; returns the direct result. */
  final <T> T sameThroughProxy(String settings, JdbcScenario<T> scenario) throws Exception {
    MariaDbServer primary = primary();
    T direct = scenario.run(primary.host(), primary.port(), settings);
    TestingProxy through = proxy();
    T proxied = scenario.run(through.host(), through.port(), settings);
    assertThat(proxied)
        .as("%s through %s, compared with %s directly", settings, through, primary)
        .isEqualTo(direct);
    return direct;
  }

  /** A connection as the application account, on {@code host:port}, to the {@code app} schema. */
  final Connection connect(String host, int port, String settings) throws SQLException {
    String extra =
        "connectTimeout=5000&socketTimeout="
            + SOCKET_TIMEOUT.toMillis()
            + (settings.isEmpty() ? "" : "&" + settings);
    return DriverManager.getConnection(
        url(host, port, "app", extra),
        Credentials.APPLICATION.user(),
        Credentials.APPLICATION.password());
  }

  final Connection connectDirectly(String settings) throws SQLException {
    return connect(primary().host(), primary().port(), settings);
  }

  final MariaDbServer primary() {
    return topology().primary();
  }

  final MariaDbTopology topology() {
    if (topology == null) {
      throw new IllegalStateException("no topology before @BeforeAll");
    }
    return topology;
  }

  final TestingProxy proxy() {
    if (proxy == null) {
      throw new IllegalStateException("no proxy before @BeforeAll");
    }
    return proxy;
  }

  final String table(String name) {
    return prefix() + "_" + name;
  }

  final String otherDatabase() {
    return prefix() + "_other";
  }

  final String procedure() {
    return prefix() + "_two_sets";
  }

  /** One client scenario: connects to {@code host:port} itself and returns what it saw. */
  @FunctionalInterface
  interface JdbcScenario<T> {
    T run(String host, int port, String settings) throws Exception;
  }

  record Keys(List<Long> generated, Table table) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void ddlAndInsertsReturnGeneratedKeys(String settings) throws Exception {
    String table = table("keys");
    Keys keys =
        sameThroughProxy(
            settings,
            (host, port, options) -> {
              try (Connection connection = connect(host, port, options);
                  Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
                statement.execute(
                    "CREATE TABLE "
                        + table
                        + " (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL)");
                List<Long> generated = new ArrayList<>();
                statement.executeUpdate(
                    "INSERT INTO " + table + " (name) VALUES ('a')",
                    Statement.RETURN_GENERATED_KEYS);
                generated.addAll(keysOf(statement.getGeneratedKeys()));
                try (PreparedStatement insert =
                    connection.prepareStatement(
                        "INSERT INTO " + table + " (name) VALUES (?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                  for (String name : List.of("b", "c")) {
                    insert.setString(1, name);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                    generated.addAll(keysOf(insert.getGeneratedKeys()));
                  }
                }
                statement.execute("ALTER TABLE " + table + " ADD COLUMN note VARCHAR(10)");
                statement.executeUpdate("UPDATE " + table + " SET note = 'x' WHERE id = 2");
                try (ResultSet rows =
                    statement.executeQuery(
                        "SELECT id, name, note FROM " + table + " ORDER BY id")) {
                  Keys seen = new Keys(generated, ResultSets.toTable(rows));
                  statement.execute("DROP TABLE " + table);
                  return seen;
                }
              }
            });

    assertThat(keys.generated()).containsExactly(1L, 2L, 3L);
    assertThat(keys.table().rows())
        .containsExactly(
            Arrays.asList("1", "a", null), List.of("2", "b", "x"), Arrays.asList("3", "c", null));
  }

  record Batch(List<Integer> preparedCounts, List<Integer> statementCounts, Table totals) {}

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("settingsAndBatches")
  void batchInserts(String settings, String batch) throws Exception {
    String table = table("batch");
    Batch result =
        sameThroughProxy(
            settings + "&" + batch,
            (host, port, options) -> {
              try (Connection connection = connect(host, port, options);
                  Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
                statement.execute(
                    "CREATE TABLE "
                        + table
                        + " (id INT PRIMARY KEY, v BIGINT NOT NULL, s VARCHAR(32) NOT NULL)");
                List<Integer> preparedCounts;
                try (PreparedStatement insert =
                    connection.prepareStatement(
                        "INSERT INTO " + table + " (id, v, s) VALUES (?, ?, ?)")) {
                  for (int id = 1; id <= BATCH_ROWS; id++) {
                    insert.setInt(1, id);
                    insert.setLong(2, id * 1_000_000_007L);
                    insert.setString(3, "row " + id);
                    insert.addBatch();
                  }
                  preparedCounts = IntStream.of(insert.executeBatch()).boxed().toList();
                }
                statement.addBatch("UPDATE " + table + " SET s = 'first' WHERE id = 1");
                statement.addBatch("DELETE FROM " + table + " WHERE id > " + (BATCH_ROWS - 10));
                statement.addBatch("UPDATE " + table + " SET v = v + 1 WHERE id <= 100");
                List<Integer> statementCounts =
                    IntStream.of(statement.executeBatch()).boxed().toList();
                try (ResultSet rows =
                    statement.executeQuery(
                        "SELECT COUNT(*), SUM(v), MIN(s), MAX(id) FROM " + table)) {
                  Batch seen = new Batch(preparedCounts, statementCounts, ResultSets.toTable(rows));
                  statement.execute("DROP TABLE " + table);
                  return seen;
                }
              }
            });

    assertThat(result.preparedCounts()).hasSize(BATCH_ROWS);
    assertThat(result.statementCounts()).containsExactly(1, 10, 100);
    long sum =
        IntStream.rangeClosed(1, BATCH_ROWS - 10).mapToLong(id -> id * 1_000_000_007L).sum() + 100;
    assertThat(result.totals().rows())
        .containsExactly(List.of("990", Long.toString(sum), "first", "990"));
  }

  record TypedValues(Table table, List<@Nullable Object> typed) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void preparedStatementsCarryEveryCommonType(String settings) throws Exception {
    String table = table("types");
    byte[] blob = new byte[1024 * 1024];
    new Random(42).nextBytes(blob);
    String text = "héllo wörld ✓ 🐬 😀";
    LocalDateTime dateTime = LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000);
    TypedValues result =
        sameThroughProxy(
            settings,
            (host, port, options) -> {
              try (Connection connection = connect(host, port, options);
                  Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
                statement.execute(
                    "CREATE TABLE "
                        + table
                        + " (id INT PRIMARY KEY, i INT, u BIGINT UNSIGNED, d DECIMAL(20,6),"
                        + " f DOUBLE, s VARCHAR(100) CHARACTER SET utf8mb4, b LONGBLOB, dt DATE,"
                        + " ts DATETIME(6), t TIME)");
                try (PreparedStatement insert =
                    connection.prepareStatement(
                        "INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                  insert.setInt(1, 1);
                  insert.setInt(2, Integer.MIN_VALUE);
                  insert.setBigDecimal(3, BIGINT_UNSIGNED_MAX);
                  insert.setBigDecimal(4, new BigDecimal("12345678901234.123456"));
                  insert.setDouble(5, Math.PI);
                  insert.setString(6, text);
                  insert.setBytes(7, blob);
                  insert.setObject(8, LocalDate.of(2024, 2, 29));
                  insert.setObject(9, dateTime);
                  insert.setObject(10, LocalTime.of(12, 34, 56));
                  insert.executeUpdate();
                  insert.setInt(1, 2);
                  int[] sqlTypes = {
                    Types.INTEGER,
                    Types.BIGINT,
                    Types.DECIMAL,
                    Types.DOUBLE,
                    Types.VARCHAR,
                    Types.BLOB,
                    Types.DATE,
                    Types.TIMESTAMP,
                    Types.TIME
                  };
                  for (int index = 0; index < sqlTypes.length; index++) {
                    insert.setNull(index + 2, sqlTypes[index]);
                  }
                  insert.executeUpdate();
                }
                TypedValues seen;
                try (PreparedStatement select =
                    connection.prepareStatement(
                        "SELECT * FROM " + table + " WHERE id >= ? ORDER BY id")) {
                  select.setInt(1, 1);
                  Table whole;
                  try (ResultSet rows = select.executeQuery()) {
                    whole = ResultSets.toTable(rows);
                  }
                  try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    List<@Nullable Object> typed = new ArrayList<>();
                    typed.add(rows.getInt("i"));
                    typed.add(rows.getBigDecimal("u"));
                    typed.add(rows.getBigDecimal("d"));
                    typed.add(rows.getDouble("f"));
                    typed.add(rows.getString("s"));
                    typed.add(ResultSets.describe(rows.getBytes("b")));
                    typed.add(rows.getObject("dt", LocalDate.class));
                    typed.add(rows.getObject("ts", LocalDateTime.class));
                    typed.add(rows.getObject("t", LocalTime.class));
                    rows.next();
                    for (String column : List.of("i", "u", "d", "f", "s", "b", "dt", "ts", "t")) {
                      typed.add(rows.getObject(column));
                    }
                    seen = new TypedValues(whole, typed);
                  }
                }
                statement.execute("DROP TABLE " + table);
                return seen;
              }
            });

    List<@Nullable Object> expected = new ArrayList<>();
    expected.add(Integer.MIN_VALUE);
    expected.add(BIGINT_UNSIGNED_MAX);
    expected.add(new BigDecimal("12345678901234.123456"));
    expected.add(Math.PI);
    expected.add(text);
    expected.add(ResultSets.describe(blob));
    expected.add(LocalDate.of(2024, 2, 29));
    expected.add(dateTime);
    expected.add(LocalTime.of(12, 34, 56));
    for (int column = 0; column < 9; column++) {
      expected.add(null);
    }
    assertThat(result.typed()).containsExactlyElementsOf(expected);
    assertThat(result.table().rows()).hasSize(2);
  }

  record Streamed(long rows, long sum, long crc, Table after) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void largeResultStreams(String settings) throws Exception {
    Streamed result =
        sameThroughProxy(
            settings,
            (host, port, options) -> {
              try (Connection connection = connect(host, port, options)) {
                long rows = 0;
                long sum = 0;
                CRC32 crc = new CRC32();
                try (PreparedStatement select =
                    connection.prepareStatement(
                        "SELECT seq, CONCAT('row-', seq, '-', REPEAT('x', seq % 50)), seq / 7"
                            + " FROM seq_1_to_"
                            + STREAMED_ROWS
                            + " WHERE seq <= ?",
                        ResultSet.TYPE_FORWARD_ONLY,
                        ResultSet.CONCUR_READ_ONLY)) {
                  select.setFetchSize(streamingFetchSize());
                  select.setInt(1, STREAMED_ROWS);
                  try (ResultSet stream = select.executeQuery()) {
                    while (stream.next()) {
                      rows++;
                      sum += stream.getLong(1);
                      crc.update(stream.getString(2).getBytes(UTF_8));
                      crc.update(stream.getString(3).getBytes(UTF_8));
                    }
                  }
                }
                // the connection must be usable once the stream ended
                try (Statement statement = connection.createStatement();
                    ResultSet after = statement.executeQuery("SELECT 'after the stream'")) {
                  return new Streamed(rows, sum, crc.getValue(), ResultSets.toTable(after));
                }
              }
            });

    assertThat(result.rows()).isEqualTo(STREAMED_ROWS);
    assertThat(result.sum()).isEqualTo((long) STREAMED_ROWS * (STREAMED_ROWS + 1) / 2);
    assertThat(result.after().rows()).containsExactly(List.of("after the stream"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void multiStatementQueriesReturnEveryResult(String settings) throws Exception {
    String table = table("multi");
    List<Object> results =
        sameThroughProxy(
            settings + "&allowMultiQueries=true",
            (host, port, options) -> {
              try (Connection connection = connect(host, port, options);
                  Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
                List<Object> seen =
                    allResults(
                        statement,
                        statement.execute(
                            "SELECT 1 AS one; CREATE TABLE "
                                + table
                                + " (id INT); INSERT INTO "
                                + table
                                + " VALUES (1), (2), (3); SELECT 'two' AS two, 2 AS n;"
                                + " SET @x = 5; SELECT @x AS x, COUNT(*) AS c FROM "
                                + table));
                statement.execute("DROP TABLE " + table);
                return seen;
              }
            });

    assertThat(results)
        .hasSize(6)
        .extracting(result -> result instanceof Table rows ? rows.rows() : result)
        .containsExactly(
            List.of(List.of("1")),
            0,
            3,
            List.of(List.of("two", "2")),
            0,
            List.of(List.of("5", "3")));
  }

  record Procedure(List<Object> results, int total) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void storedProcedureReturnsTwoResultSetsAndAnOutParameter(String settings) throws Exception {
    Procedure result =
        sameThroughProxy(
            settings,
            (host, port, options) -> {
              try (Connection connection = connect(host, port, options);
                  CallableStatement call =
                      connection.prepareCall("{call " + procedure() + "(?, ?)}")) {
                call.setInt(1, 7);
                call.registerOutParameter(2, Types.INTEGER);
                List<Object> results = allResults(call, call.execute());
                return new Procedure(
                    results.stream().filter(Table.class::isInstance).toList(), call.getInt(2));
              }
            });

    assertThat(result.results())
        .extracting(table -> ((Table) table).rows())
        .containsExactly(List.of(List.of("7")), List.of(List.of("14", "b")));
    assertThat(result.total()).isEqualTo(21);
  }

  record Transactions(List<String> autocommit, Table rows) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void transactionsCommitAndRollBack(String settings) throws Exception {
    String table = table("tx");
    Transactions result =
        sameThroughProxy(
            settings,
            (host, port, options) -> {
              try (Connection connection = connect(host, port, options);
                  Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
                statement.execute(
                    "CREATE TABLE " + table + " (id INT PRIMARY KEY, s VARCHAR(20)) ENGINE=InnoDB");
                List<String> autocommit = new ArrayList<>();
                connection.setAutoCommit(false);
                autocommit.add(single(statement, "SELECT @@autocommit"));
                try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                  insert.setInt(1, 1);
                  insert.setString(2, "rolled back");
                  insert.executeUpdate();
                  autocommit.add(single(statement, "SELECT COUNT(*) FROM " + table));
                  connection.rollback();
                  insert.setInt(1, 2);
                  insert.setString(2, "committed");
                  insert.executeUpdate();
                  connection.commit();
                }
                connection.setAutoCommit(true);
                autocommit.add(single(statement, "SELECT @@autocommit"));
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                  Transactions seen = new Transactions(autocommit, ResultSets.toTable(rows));
                  statement.execute("DROP TABLE " + table);
                  return seen;
                }
              }
            });

    assertThat(result.autocommit()).containsExactly("0", "1", "1");
    assertThat(result.rows().rows()).containsExactly(List.of("2", "committed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void setCatalogChangesTheDefaultDatabase(String settings) throws Exception {
    List<String> seen =
        sameThroughProxy(
            settings,
            (host, port, options) -> {
              try (Connection connection = connect(host, port, options)) {
                List<String> databases = new ArrayList<>();
                // a new statement each time: MySQL Connector/J runs a statement in the database
                // that was current when the statement was created
                connection.setCatalog(otherDatabase());
                try (Statement statement = connection.createStatement()) {
                  databases.add(single(statement, "SELECT DATABASE()"));
                }
                databases.add(String.valueOf(connection.getCatalog()));
                connection.setCatalog("app");
                try (Statement statement = connection.createStatement()) {
                  databases.add(single(statement, "SELECT DATABASE()"));
                }
                return databases;
              }
            });

    assertThat(seen).containsExactly(otherDatabase(), otherDatabase(), "app");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void isValidPingsTheServer(String settings) throws Exception {
    List<String> seen =
        sameThroughProxy(
            settings,
            (host, port, options) -> {
              try (Connection connection = connect(host, port, options);
                  Statement statement = connection.createStatement()) {
                List<String> results = new ArrayList<>();
                results.add(Boolean.toString(connection.isValid(5)));
                results.add(single(statement, "SELECT 'after ping'"));
                results.add(Boolean.toString(connection.isValid(5)));
                return results;
              }
            });

    assertThat(seen).containsExactly("true", "after ping", "true");
  }

  /** How a cancelled {@code SELECT SLEEP(10)} ended and whether its connection still works. */
  record Cancelled(String outcome, String afterwards) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void cancelFromAnotherThreadKillsTheRunningQuery(String settings) throws Exception {
    String marker = prefix() + "_cancel_me";
    Cancelled result =
        sameThroughProxy(
            settings,
            (host, port, options) -> {
              try (Connection connection = connect(host, port, options);
                  Statement statement = connection.createStatement()) {
                // the driver kills the query by the connection id the server (or the proxy) gave
                // it, from a new connection: the proxy must translate that id to its backend's
                CompletableFuture<Void> canceller =
                    CompletableFuture.runAsync(
                        () -> {
                          awaitRunning(marker);
                          try {
                            statement.cancel();
                          } catch (SQLException e) {
                            throw new IllegalStateException("cancel failed: " + e, e);
                          }
                        });
                String outcome;
                try (ResultSet rows = statement.executeQuery("SELECT SLEEP(10) AS " + marker)) {
                  rows.next();
                  outcome = "returned " + rows.getString(1);
                } catch (SQLException e) {
                  outcome = cancelled(e);
                }
                canceller.join();
                return new Cancelled(outcome, single(statement, "SELECT 'still usable'"));
              }
            });

    assertThat(result.afterwards()).isEqualTo("still usable");
    assertThat(result.outcome())
        .as("SLEEP(10) returns 0 when it ran to the end; it must have been interrupted")
        .isNotEqualTo("returned 0");
    assertThat(result.outcome()).matches(expectedCancelOutcome());
  }

  /** How this driver reports a cancelled query, for comparison (no connection ids in it). */
  String cancelled(SQLException e) {
    return e.getClass().getSimpleName()
        + " "
        + e.getSQLState()
        + " "
        + e.getErrorCode()
        + " "
        // Connector/J names the connection in its messages; the ids legitimately differ
        + String.valueOf(e.getMessage()).replaceAll("\\(conn=\\d+\\) ", "");
  }

  /** A pattern the cancelled query's outcome must match for this driver. */
  abstract String expectedCancelOutcome();

  /** Waits until the primary runs a statement that mentions {@code marker}. */
  final void awaitRunning(String marker) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String probe =
        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
            + " AND INFO LIKE '%"
            + marker
            + "%'";
    while (!"1".equals(primary().queryString(probe))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the statement marked " + marker + " never ran");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  static String single(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).as("a row from %s", sql).isTrue();
      return String.valueOf(rows.getString(1));
    }
  }

  private static List<Long> keysOf(ResultSet keys) throws SQLException {
    List<Long> result = new ArrayList<>();
    try (keys) {
      while (keys.next()) {
        result.add(keys.getLong(1));
      }
    }
    return result;
  }

  /** Every result of an executed statement: a {@link Table} or an update count. */
  static List<Object> allResults(Statement statement, boolean firstIsResultSet)
      throws SQLException {
    List<Object> results = new ArrayList<>();
    boolean isResultSet = firstIsResultSet;
    while (true) {
      if (isResultSet) {
        try (ResultSet rows = statement.getResultSet()) {
          results.add(ResultSets.toTable(rows));
        }
      } else {
        int count = statement.getUpdateCount();
        if (count == -1) {
          return results;
        }
        results.add(count);
      }
      isResultSet = statement.getMoreResults();
    }
  }
}
