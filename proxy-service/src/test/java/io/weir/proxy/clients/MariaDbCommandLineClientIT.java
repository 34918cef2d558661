package io.weir.proxy.clients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code mariadb} command-line client (the one shipped with the test servers) through the
 * proxy: every scenario runs the client once against the primary and once through the proxy, and
 * its exit status, standard output and standard error must be the same.
 */
@WithMariaDb
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbCommandLineClientIT {

  private static final long TIMEOUT_SECONDS = 60;
  private static final String OTHER_DATABASE = "cli_other";

  /** What legitimately differs between two sessions in the output of {@code status}. */
  private static final Pattern SESSION_SPECIFIC =
      Pattern.compile("(?m)^(Connection id|TCP port|Uptime):.*$|^Threads: .*$");

  private @Nullable MariaDbTopology topology;
  private @Nullable TestingProxy proxy;
  @TempDir private @Nullable Path directory;

  /** One run of the client. */
  record ClientRun(int exitStatus, String output, String errors) {}

  @BeforeAll
  void startProxy(MariaDbTopology topology) {
    this.topology = topology;
    this.proxy = proxyFor(topology);
    topology
        .primary()
        .execute(
            "CREATE DATABASE IF NOT EXISTS " + OTHER_DATABASE,
            "CREATE OR REPLACE TABLE " + OTHER_DATABASE + ".marker (v VARCHAR(20))",
            "INSERT INTO " + OTHER_DATABASE + ".marker VALUES ('in other')");
  }

  @AfterAll
  void stopProxy() {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      primary()
          .execute(
              "DROP DATABASE IF EXISTS " + OTHER_DATABASE,
              "DROP TABLE IF EXISTS app.cli_batch, app.cli_source, app.cli_load");
    }
  }

  @Test
  void statementsPipedInBatchMode() throws Exception {
    ClientRun run =
        sameThroughProxy(
            List.of("--batch"),
            """
            DROP TABLE IF EXISTS cli_batch;
            CREATE TABLE cli_batch (id INT PRIMARY KEY, name VARCHAR(20), note VARCHAR(20));
            INSERT INTO cli_batch VALUES (1, 'one', NULL), (2, 'two', 'tab\\there'),
              (3, 'thrée 🐬', '');
            SELECT * FROM cli_batch ORDER BY id;
            SELECT COUNT(*) AS n FROM cli_batch;
            DROP TABLE cli_batch;
            """);

    assertThat(run.exitStatus()).isZero();
    assertThat(run.errors()).isEmpty();
    assertThat(run.output())
        .isEqualTo(
            """
            id\tname\tnote
            1\tone\tNULL
            2\ttwo\ttab\\there
            3\tthrée 🐬\t
            n
            3
            """);
  }

  @Test
  void tableFormatOfAnExecuteOption() throws Exception {
    ClientRun run =
        sameThroughProxy(List.of("--table", "-e", "SELECT 1 + 1 AS two, 'x' AS s, NULL AS n"), "");

    assertThat(run.exitStatus()).isZero();
    assertThat(run.output())
        .isEqualTo(
            """
            +-----+---+------+
            | two | s | n    |
            +-----+---+------+
            |   2 | x | NULL |
            +-----+---+------+
            """);
  }

  @Test
  void sourceOfAScriptFile() throws Exception {
    Path script = directory().resolve("script.sql");
    Files.writeString(
        script,
        """
        DROP TABLE IF EXISTS cli_source;
        CREATE TABLE cli_source (id INT PRIMARY KEY, v DECIMAL(10,2));
        INSERT INTO cli_source SELECT seq, seq * 1.5 FROM seq_1_to_20;
        UPDATE cli_source SET v = 0 WHERE id = 20;
        SELECT id, v FROM cli_source WHERE id > 16 ORDER BY id;
        SELECT SUM(v) AS total FROM cli_source;
        DROP TABLE cli_source;
        """);

    ClientRun run =
        sameThroughProxy(
            List.of("--batch"), "source " + script + "\nSELECT 'after source' AS done;\n");

    assertThat(run.exitStatus()).isZero();
    assertThat(run.errors()).isEmpty();
    assertThat(run.output())
        .isEqualTo(
            """
            id\tv
            17\t25.50
            18\t27.00
            19\t28.50
            20\t0.00
            total
            285.00
            done
            after source
            """);
  }

  @Test
  void unknownTableFailsWithError1146() throws Exception {
    ClientRun run = sameThroughProxy(List.of("-e", "SELECT * FROM cli_no_such_table"), "");

    assertThat(run.exitStatus()).isEqualTo(1);
    assertThat(run.output()).isEmpty();
    // the 11.4 client echoes the failed statement before the error
    assertThat(run.errors())
        .isEqualTo(
            """
            --------------
            SELECT * FROM cli_no_such_table
            --------------

            ERROR 1146 (42S02) at line 1: Table 'app.cli_no_such_table' doesn't exist
            """);
  }

  @Test
  void forcedBatchGoesOnAfterAnError() throws Exception {
    ClientRun run =
        sameThroughProxy(
            List.of("--batch", "--force"),
            "SELECT 'before' AS b;\nSELECT * FROM cli_no_such_table;\nSELECT 'after' AS a;\n");

    // --force reports errors but does not turn them into the exit status
    assertThat(run.exitStatus()).isZero();
    assertThat(run.output()).isEqualTo("b\nbefore\na\nafter\n");
    assertThat(run.errors())
        .endsWith("ERROR 1146 (42S02) at line 2: Table 'app.cli_no_such_table' doesn't exist\n");
  }

  @Test
  void loadDataLocalInfile() throws Exception {
    Path csv = directory().resolve("rows.csv");
    StringBuilder rows = new StringBuilder("id,name,amount\n");
    for (int id = 1; id <= 1000; id++) {
      rows.append(id).append(",\"name, ").append(id).append("\",").append(id).append(".25\n");
    }
    Files.writeString(csv, rows);

    ClientRun run =
        sameThroughProxy(
            List.of("--batch", "--local-infile=1"),
            """
            DROP TABLE IF EXISTS cli_load;
            CREATE TABLE cli_load (id INT PRIMARY KEY, name VARCHAR(30), amount DECIMAL(10,2));
            LOAD DATA LOCAL INFILE '%s' INTO TABLE cli_load
              FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\\n'
              IGNORE 1 LINES;
            SELECT COUNT(*) AS n, SUM(amount) AS total, MAX(id) AS last FROM cli_load;
            SELECT * FROM cli_load WHERE id IN (1, 500, 1000) ORDER BY id;
            DROP TABLE cli_load;
            """
                .formatted(csv));

    assertThat(run.exitStatus()).isZero();
    assertThat(run.errors()).isEmpty();
    assertThat(run.output())
        .isEqualTo(
            """
            n\ttotal\tlast
            1000\t500750.00\t1000
            id\tname\tamount
            1\tname, 1\t1.25
            500\tname, 500\t500.25
            1000\tname, 1000\t1000.25
            """);
  }

  @Test
  void useChangesTheDatabase() throws Exception {
    ClientRun run =
        sameThroughProxy(
            List.of("--batch"),
            "use "
                + OTHER_DATABASE
                + "\nSELECT DATABASE() AS db, v FROM marker;\nuse app\nSELECT DATABASE() AS db;\n");

    assertThat(run.exitStatus()).isZero();
    assertThat(run.errors()).isEmpty();
    assertThat(run.output()).isEqualTo("db\tv\n" + OTHER_DATABASE + "\tin other\ndb\napp\n");
  }

  @Test
  void statusDescribesTheSession() throws Exception {
    ClientRun run = sameThroughProxy(List.of("-e", "status"), "");

    assertThat(run.exitStatus()).isZero();
    assertThat(run.output())
        .contains(
            "Current database:\tapp",
            "Current user:\t\tapp@",
            "SSL:\t\t\tNot in use",
            "Server version:\t\t" + topology().binaries().version(),
            "Protocol version:\t10",
            "Connection id:\t\t<masked>",
            "Uptime:\t\t\t<masked>");
  }

  /**
   * Runs the client directly and through the proxy with the same arguments and input; returns the
   * direct run once both agree.
   */
  private ClientRun sameThroughProxy(List<String> arguments, String input)
      throws IOException, InterruptedException {
    MariaDbServer primary = primary();
    ClientRun direct = run(primary.host(), primary.port(), arguments, input);
    TestingProxy through = proxy();
    ClientRun proxied = run(through.host(), through.port(), arguments, input);
    assertThat(proxied)
        .as("mariadb %s through %s, compared with %s directly", arguments, through, primary)
        .isEqualTo(direct);
    return direct;
  }

  private ClientRun run(String host, int port, List<String> arguments, String input)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(topology().binaries().client().toString());
    command.add("--no-defaults");
    command.add("--protocol=TCP");
    command.add("--host=" + host);
    command.add("--port=" + port);
    command.add("--user=" + Credentials.APPLICATION.user());
    command.add("--password=" + Credentials.APPLICATION.password());
    // the proxy's client side need not offer TLS; the comparison is about the protocol behind it
    command.add("--skip-ssl");
    command.add("--default-character-set=utf8mb4");
    command.addAll(arguments);
    command.add("app");
    Path in = Files.createTempFile(directory(), "in-", ".sql");
    Path out = Files.createTempFile(directory(), "out-", ".txt");
    Path err = Files.createTempFile(directory(), "err-", ".txt");
    Files.writeString(in, input);
    Process process =
        new ProcessBuilder(command)
            .redirectInput(in.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "mariadb " + arguments + " did not finish in " + TIMEOUT_SECONDS + " s");
    }
    return new ClientRun(
        process.exitValue(), mask(Files.readString(out, UTF_8)), Files.readString(err, UTF_8));
  }

  private static String mask(String output) {
    return SESSION_SPECIFIC
        .matcher(output)
        .replaceAll(
            match -> {
              String line = match.group();
              int colon = line.indexOf(':');
              // keep the label and its tabs, drop the value
              int value = colon + 1;
              while (value < line.length() && Character.isWhitespace(line.charAt(value))) {
                value++;
              }
              return java.util.regex.Matcher.quoteReplacement(
                  line.substring(0, value) + "<masked>");
            });
  }

  private MariaDbServer primary() {
    return topology().primary();
  }

  private MariaDbTopology topology() {
    if (topology == null) {
      throw new IllegalStateException("no topology before @BeforeAll");
    }
    return topology;
  }

  /** The proxy the client runs through: readconnroute to the master unless overridden. */
  TestingProxy proxyFor(MariaDbTopology topology) {
    return TestingProxy.start(topology, "master");
  }

  private TestingProxy proxy() {
    if (proxy == null) {
      throw new IllegalStateException("no proxy before @BeforeAll");
    }
    return proxy;
  }

  private Path directory() {
    if (directory == null) {
      throw new IllegalStateException("no temporary directory yet");
    }
    return directory;
  }
}
