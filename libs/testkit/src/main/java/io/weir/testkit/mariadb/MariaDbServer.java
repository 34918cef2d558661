package io.weir.testkit.mariadb;

import io.weir.testkit.process.ChildProcess;
import io.weir.testkit.process.LogTail;
import io.weir.testkit.process.Signal;
import io.weir.testkit.tls.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One real {@code mariadbd} process with its own data directory, listening on 127.0.0.1.
 *
 * <p>Failure operations act on the process itself: {@link #kill()} is a crash, {@link #pause()} a
 * network hang (the process is frozen with SIGSTOP, so clients' packets go unanswered without a
 * reset), {@link #stop()} a clean shutdown. {@link #start()} brings the same data directory back on
 * the same port.
 */
public final class MariaDbServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final int LOG_LINES = 30;

  private final String name;
  private final int serverId;
  private final int port;
  private final Path directory;
  private final MariaDbBinaries binaries;
  private final List<String> extraOptions;
  private volatile boolean readOnly;
  private volatile @Nullable ChildProcess process;
  private volatile boolean disturbed;

  MariaDbServer(
      String name,
      int serverId,
      int port,
      Path directory,
      MariaDbBinaries binaries,
      boolean readOnly,
      List<String> extraOptions) {
    this.name = name;
    this.serverId = serverId;
    this.port = port;
    this.directory = directory;
    this.binaries = binaries;
    this.readOnly = readOnly;
    this.extraOptions = List.copyOf(extraOptions);
  }

  /** A short name such as {@code primary} or {@code replica-1}, used in messages. */
  public String name() {
    return name;
  }

  public int serverId() {
    return serverId;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** {@code host:port}, as a proxy's server resource names it. */
  public String address() {
    return host() + ":" + port;
  }

  /** A Connector/J URL for {@code database} (may be empty) on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:mariadb://" + address() + "/" + database;
  }

  /** The server's process id while it runs, for tests that signal it themselves. */
  public long pid() {
    ChildProcess current = process;
    if (current == null || !current.isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
    return current.pid();
  }

  public boolean isRunning() {
    ChildProcess current = process;
    return current != null && current.isAlive();
  }

  /** The error log's last lines: what the server said about itself. */
  public String logTail(int lines) {
    return LogTail.of(errorLog(), lines);
  }

  /** Opens a connection as {@code credentials} with Connector/J's defaults for timeouts. */
  public Connection connect(Credentials credentials) throws SQLException {
    return connect(credentials, "", Duration.ofSeconds(30));
  }

  /**
   * Opens a connection as {@code credentials} to {@code database}, giving up on any read that takes
   * longer than {@code socketTimeout}.
   */
  public Connection connect(Credentials credentials, String database, Duration socketTimeout)
      throws SQLException {
    return DriverManager.getConnection(
        jdbcUrl(database) + "?connectTimeout=5000&socketTimeout=" + socketTimeout.toMillis(),
        credentials.user(),
        credentials.password());
  }

  /** Runs statements as the admin account, each in its own auto-committed transaction. */
  public void execute(String... statements) {
    try (Connection connection = connect(Credentials.ADMIN);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          name + " refused " + String.join("; ", statements) + ": " + e.getMessage(), e);
    }
  }

  /** The first column of the first row of {@code sql}, as the admin account sees it. */
  public @Nullable String queryString(String sql) {
    try (Connection connection = connect(Credentials.ADMIN);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(name + " refused " + sql + ": " + e.getMessage(), e);
    }
  }

  /** The replica status ({@code SHOW SLAVE STATUS}) by column name, empty if not a replica. */
  public Map<String, String> replicaStatus() {
    try (Connection connection = connect(Credentials.ADMIN);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW SLAVE STATUS")) {
      if (!rows.next()) {
        return Map.of();
      }
      var status = new java.util.LinkedHashMap<String, String>();
      for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
        String value = rows.getString(column);
        status.put(rows.getMetaData().getColumnLabel(column), value == null ? "" : value);
      }
      return status;
    } catch (SQLException e) {
      throw new IllegalStateException(name + " refused SHOW SLAVE STATUS: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the data directory on first use and starts the server; returns once it accepts logins.
   */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    try {
      Files.createDirectories(directory.resolve("tmp"));
      if (!Files.exists(dataDirectory())) {
        installDataDirectory();
      }
      Files.writeString(directory.resolve("init.sql"), InitScript.sql());
      Files.createDirectories(directory.resolve("tmp"));
      Files.deleteIfExists(directory.resolve("mariadbd.sock"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + directory, e);
    }
    // each start appends to the same error log: remember where this one begins
    long logStart = errorLog().toFile().length();
    ChildProcess started =
        ChildProcess.start(
            name, serverCommand(), directory, directory.resolve("console.log"), Map.of());
    process = started;
    awaitAcceptingLogins(started, logStart);
  }

  /** Stops the server cleanly (SIGTERM, as {@code mariadb-admin shutdown} would). */
  public synchronized void stop() {
    disturbed = true;
    ChildProcess current = process;
    if (current != null) {
      current.stop(STOP_GRACE);
    }
  }

  /** Kills the server at once (SIGKILL): a crash, with InnoDB recovery on the next start. */
  public synchronized void kill() {
    disturbed = true;
    ChildProcess current = process;
    if (current != null) {
      current.kill();
    }
  }

  /** Stops the server if it runs, then starts it again on the same port and data directory. */
  public synchronized void restart() {
    stop();
    start();
  }

  /**
   * Freezes the server (SIGSTOP). Its sockets stay open and its peers see no reset: their reads
   * just wait, as across a network partition.
   */
  public void pause() {
    disturbed = true;
    running().signal(Signal.STOP);
  }

  /** Thaws a server frozen by {@link #pause()}. */
  public void resume() {
    running().signal(Signal.CONT);
  }

  /** Whether a failure operation ever touched this server, which makes it unfit for sharing. */
  boolean disturbed() {
    return disturbed;
  }

  void markDisturbed() {
    disturbed = true;
  }

  /** Whether the next start makes the server read-only, as a replica must be. */
  void readOnlyOnNextStart(boolean readOnly) {
    this.readOnly = readOnly;
  }

  @Override
  public synchronized void close() {
    ChildProcess current = process;
    if (current != null) {
      current.close();
    }
  }

  private ChildProcess running() {
    ChildProcess current = process;
    if (current == null || !current.isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
    return current;
  }

  private Path dataDirectory() {
    return directory.resolve("data");
  }

  private Path errorLog() {
    return directory.resolve("error.log");
  }

  private void installDataDirectory() throws IOException {
    Files.createDirectories(directory);
    List<String> command = new ArrayList<>();
    command.add(binaries.installDb().toString());
    command.add("--no-defaults");
    if (binaries.baseDirectory() != null) {
      command.add("--basedir=" + binaries.baseDirectory());
    }
    command.add("--datadir=" + dataDirectory());
    command.add("--auth-root-authentication-method=normal");
    command.add("--skip-test-db");
    command.add("--skip-name-resolve");
    // its bootstrap server would otherwise share /tmp with every other install running now
    command.add("--tmpdir=" + directory.resolve("tmp"));
    runAsUser().ifPresent(user -> command.add("--user=" + user));
    Path log = directory.resolve("install.log");
    Process install =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!install.waitFor(120, TimeUnit.SECONDS)) {
        install.destroyForcibly();
        throw new MariaDbStartException(
            name + ": mariadb-install-db did not finish in 120 s:\n" + LogTail.of(log, LOG_LINES));
      }
    } catch (InterruptedException e) {
      install.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new MariaDbStartException(name + ": interrupted while creating its data directory");
    }
    if (install.exitValue() != 0) {
      throw new MariaDbStartException(
          name
              + ": "
              + binaries.installDb()
              + " failed with exit status "
              + install.exitValue()
              + "; its errors:\n"
              + errorLines(log));
    }
  }

  /** mariadb-install-db ends with a page of advice; the cause is in the ERROR lines before it. */
  private static String errorLines(Path log) {
    try (var lines = Files.lines(log)) {
      List<String> errors =
          lines
              .filter(line -> line.contains("ERROR") || line.contains("[ERROR]"))
              .limit(LOG_LINES)
              .toList();
      return errors.isEmpty() ? LogTail.of(log, LOG_LINES) : String.join("\n", errors);
    } catch (IOException | UncheckedIOException e) {
      return LogTail.of(log, LOG_LINES);
    }
  }

  private List<String> serverCommand() {
    List<String> command = new ArrayList<>();
    command.add(binaries.server().toString());
    command.add("--no-defaults");
    // --log-basename renames every log, so it comes first and the explicit names below win
    command.add("--log-basename=" + name);
    if (binaries.baseDirectory() != null) {
      command.add("--basedir=" + binaries.baseDirectory());
      command.add("--lc-messages-dir=" + binaries.baseDirectory().resolve("share"));
    }
    command.add("--datadir=" + dataDirectory());
    command.add("--tmpdir=" + directory.resolve("tmp"));
    command.add("--socket=" + directory.resolve("mariadbd.sock"));
    command.add("--pid-file=" + directory.resolve("mariadbd.pid"));
    command.add("--log-error=" + errorLog());
    command.add("--init-file=" + directory.resolve("init.sql"));
    command.add("--bind-address=127.0.0.1");
    command.add("--port=" + port);
    command.add("--skip-name-resolve");
    command.add("--server-id=" + serverId);
    // replication as Weir's routers, monitor and CDC expect it
    command.add("--log-bin");
    command.add("--log-slave-updates");
    command.add("--binlog-format=ROW");
    command.add("--binlog-row-image=FULL");
    command.add("--binlog-row-metadata=FULL");
    command.add("--gtid-strict-mode=ON");
    command.add("--relay-log-recovery=ON");
    command.add("--read-only=" + (readOnly ? "ON" : "OFF"));
    // session state a proxy tracks: last_gtid for causal reads, the rest for session consistency
    command.add(
        "--session-track-system-variables=autocommit,character_set_client,"
            + "character_set_connection,character_set_results,time_zone,last_gtid");
    command.add("--session-track-schema=ON");
    command.add("--session-track-state-change=ON");
    command.add("--session-track-transaction-info=CHARACTERISTICS");
    // TLS with the kit's certificate; without one MariaDB 11.4 spends seconds making a key
    TestCertificates certificates = TestCertificates.writeTo(directory.resolve("tls"));
    command.add("--ssl-ca=" + certificates.caCertificate());
    command.add("--ssl-cert=" + certificates.serverCertificate());
    command.add("--ssl-key=" + certificates.serverKey());
    command.add("--character-set-server=utf8mb4");
    command.add("--collation-server=utf8mb4_general_ci");
    // small and quick on a 2-core test machine
    command.add("--innodb-buffer-pool-size=64M");
    // keep the redo log the size mariadb-install-db made it: resizing costs seconds of fsync.
    // Commits reach the OS at once but are not fsynced: a killed server loses nothing, only a
    // crashed machine would, and fsync is slow on the virtual disks tests run on.
    command.add("--innodb-flush-log-at-trx-commit=2");
    command.add("--performance-schema=OFF");
    command.add("--max-connections=300");
    runAsUser().ifPresent(user -> command.add("--user=" + user));
    command.addAll(extraOptions);
    return command;
  }

  /** mariadbd refuses to run as root unless told to; CI and containers often are root. */
  private static java.util.Optional<String> runAsUser() {
    String user = System.getProperty("user.name");
    return "root".equals(user) ? java.util.Optional.of(user) : java.util.Optional.empty();
  }

  private void awaitAcceptingLogins(ChildProcess started, long logStart) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        throw new MariaDbStartException(
            name
                + " (mariadbd on "
                + address()
                + ") exited with status "
                + started.exitStatus().orElse(-1)
                + " while starting; its log says:\n"
                + logSince(logStart, started));
      }
      try (Connection connection = connect(Credentials.ADMIN, "", Duration.ofSeconds(5))) {
        requireOwnServer(connection, started, logStart);
        return;
      } catch (SQLException e) {
        last = e;
      }
      sleep(Duration.ofMillis(50));
    }
    started.close();
    throw new MariaDbStartException(
        name
            + " (mariadbd on "
            + address()
            + ") did not accept logins within "
            + START_TIMEOUT.toSeconds()
            + " s (last error: "
            + (last == null ? "none" : last.getMessage())
            + "); its log says:\n"
            + logSince(logStart, started));
  }

  /**
   * A port the OS reported free can still be bound by another server between the question and our
   * bind; the login then reaches that server while ours exits. Seen in CI as a replica told to
   * replicate from itself, so the start fails here with both servers named instead.
   */
  private void requireOwnServer(Connection connection, ChildProcess started, long logStart)
      throws SQLException {
    try (var statement = connection.createStatement();
        var result = statement.executeQuery("SELECT @@server_id")) {
      result.next();
      long answered = result.getLong(1);
      if (answered != serverId) {
        started.close();
        throw new MariaDbStartException(
            name
                + " (mariadbd on "
                + address()
                + ", server_id "
                + serverId
                + "): the port is answered by another server (server_id "
                + answered
                + "); its log says:\n"
                + logSince(logStart, started));
      }
    }
  }

  private String logSince(long logStart, ChildProcess started) {
    String errorLines = LogTail.since(errorLog(), logStart, LOG_LINES);
    String console = started.logTail(10);
    return errorLines + (console.startsWith("(") ? "" : "\n" + console);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MariaDbStartException("interrupted while waiting for a server");
    }
  }

  @Override
  public String toString() {
    return name + "@" + address();
  }
}
