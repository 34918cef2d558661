package io.weir.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1 that the operating system reports free. */
public final class FreePort {

  private FreePort() {}

  /**
   * Asks the OS for a free port on 127.0.0.1. Another process may still take it before ours binds;
   * the kit then reports the bind failure with the server's own log lines.
   */
  public static int next() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
