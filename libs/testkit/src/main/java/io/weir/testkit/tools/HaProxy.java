package io.weir.testkit.tools;

import io.weir.testkit.process.ChildProcess;
import io.weir.testkit.process.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's HAProxy in plain TCP mode in front of one server: the baseline a SQL proxy's overhead is
 * measured against, since it forwards bytes without reading them.
 */
public final class HaProxy implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

  private final int port;
  private final ChildProcess process;

  private HaProxy(int port, ChildProcess process) {
    this.port = port;
    this.process = process;
  }

  /**
   * Starts HAProxy on a free 127.0.0.1 port forwarding every connection to {@code host:targetPort}.
   */
  public static HaProxy inFrontOf(String host, int targetPort, Path workDirectory) {
    int port = FreePort.next();
    String configuration =
        """
        global
          maxconn 4096
        defaults
          mode tcp
          timeout connect 5s
          timeout client 1h
          timeout server 1h
        listen mariadb
          bind 127.0.0.1:%d
          server target %s:%d
        """
            .formatted(port, host, targetPort);
    try {
      Files.createDirectories(workDirectory);
      Path file = workDirectory.resolve("haproxy.cfg");
      Files.writeString(file, configuration);
      ChildProcess process =
          ChildProcess.start(
              "haproxy",
              List.of(
                  SystemTool.locate("haproxy", "haproxy").toString(), "-db", "-f", file.toString()),
              workDirectory,
              workDirectory.resolve("haproxy.log"),
              Map.of());
      HaProxy haProxy = new HaProxy(port, process);
      haProxy.awaitListening();
      return haProxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("haproxy exited while starting:\n" + process.logTail(20));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    process.close();
    throw new IllegalStateException(
        "haproxy did not listen on " + port + ":\n" + process.logTail(20));
  }

  @Override
  public void close() {
    process.close();
  }
}
