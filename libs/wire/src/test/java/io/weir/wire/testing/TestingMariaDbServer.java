package io.weir.wire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code mariadbd} on a free port of 127.0.0.1 with a fresh data directory, for the wire
 * library's integration tests. It does what {@code weir-testkit} does, in small, because this
 * module is verified on its own ({@code -pl libs/wire}, which would take the kit from the local
 * repository, possibly stale) and builds before the kit in the reactor.
 *
 * <p>The binaries come from {@link TestingMariaDbBinaries}. TLS is off ({@code --skip-ssl}): 11.4
 * would otherwise spend seconds generating a key at every start.
 *
 * <p>The server runs under {@code sh}, which SIGKILLs it when its standard input closes, so a test
 * JVM that dies for any reason takes its server with it.
 */
public final class TestingMariaDbServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path directory;
  private final Process process;
  private final int port;

  private TestingMariaDbServer(Path directory, Process process, int port) {
    this.directory = directory;
    this.process = process;
    this.port = port;
  }

  /**
   * Installs a data directory, starts the server and waits until it accepts connections.
   *
   * @param initStatements SQL the server runs at start (one statement per element), e.g. accounts
   */
  public static TestingMariaDbServer start(List<String> initStatements) throws IOException {
    TestingMariaDbBinaries binaries = TestingMariaDbBinaries.locate();
    Path home = binaries.baseDirectory();
    Path directory = Files.createTempDirectory("weir-wire-mariadb");
    Files.createDirectories(directory.resolve("tmp"));
    boolean root = "root".equals(System.getProperty("user.name"));

    List<String> install = new ArrayList<>();
    install.add(binaries.installDb().toString());
    install.add("--no-defaults");
    if (home != null) {
      install.add("--basedir=" + home);
    }
    install.add("--datadir=" + directory.resolve("data"));
    install.add("--auth-root-authentication-method=normal");
    install.add("--skip-test-db");
    install.add("--skip-name-resolve");
    install.add("--tmpdir=" + directory.resolve("tmp"));
    if (root) {
      install.add("--user=root");
    }
    Process installing =
        new ProcessBuilder(install)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("install.log").toFile())
            .start();
    try {
      if (!installing.waitFor(120, TimeUnit.SECONDS) || installing.exitValue() != 0) {
        installing.destroyForcibly();
        throw new IOException(
            "mariadb-install-db failed:\n" + Files.readString(directory.resolve("install.log")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }

    Files.write(directory.resolve("init.sql"), initStatements);
    int port = freePort();
    List<String> command = new ArrayList<>();
    // sh holds the server's pid and kills it when this JVM's end of the pipe closes
    command.add("/bin/sh");
    command.add("-c");
    command.add("\"$@\" & child=$!; cat > /dev/null; kill -9 $child; wait $child");
    command.add("sh");
    command.add(binaries.server().toString());
    command.add("--no-defaults");
    if (home != null) {
      command.add("--basedir=" + home);
      command.add("--lc-messages-dir=" + home.resolve("share"));
    }
    command.add("--datadir=" + directory.resolve("data"));
    command.add("--tmpdir=" + directory.resolve("tmp"));
    command.add("--socket=" + directory.resolve("mariadbd.sock"));
    command.add("--pid-file=" + directory.resolve("mariadbd.pid"));
    command.add("--log-error=" + directory.resolve("error.log"));
    command.add("--init-file=" + directory.resolve("init.sql"));
    command.add("--bind-address=127.0.0.1");
    command.add("--port=" + port);
    command.add("--skip-name-resolve");
    command.add("--skip-ssl");
    command.add("--innodb-buffer-pool-size=32M");
    command.add("--performance-schema=OFF");
    if (root) {
      command.add("--user=root");
    }
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("process.log").toFile())
            .start();
    TestingMariaDbServer started = new TestingMariaDbServer(directory, process, port);
    try {
      started.awaitListening();
    } catch (IOException | RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  /** The TCP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** A new connection to the server; the caller closes it. */
  public Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("mariadbd exited at start:\n" + errorLog());
      }
      // the init file runs before the server listens, so a listening server has the accounts
      try (Socket socket = connect()) {
        return;
      } catch (IOException notYet) {
        sleep();
      }
    }
    throw new IOException("mariadbd did not listen within " + START_TIMEOUT + ":\n" + errorLog());
  }

  /** The server's error log, for failure messages. */
  public String errorLog() {
    try {
      Path log = directory.resolve("error.log");
      return Files.exists(log) ? Files.readString(log) : "(no error log)";
    } catch (IOException e) {
      return "(error log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
