package io.weir.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Ports on 127.0.0.1 that the operating system reports free. */
public final class FreePort {

  /**
   * Ports already handed out by this JVM. The OS may report a port free twice in a row when the
   * first caller has not bound it yet (a topology asks for all its ports before starting any
   * server), so a port is never handed out twice.
   */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private static final int ATTEMPTS = 100;

  private FreePort() {}

  /**
   * Asks the OS for a free port on 127.0.0.1. Another process may still take it before ours binds;
   * the kit then reports the bind failure with the server's own log lines.
   */
  public static int next() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = askTheOs();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "the OS kept offering ports this JVM already handed out (" + ATTEMPTS + " attempts)");
  }

  private static int askTheOs() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
