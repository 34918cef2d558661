package io.weir.proxy.router.readwritesplit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one readwritesplit service knows about one server's load: its connections and statements in
 * flight from this service, the average response time {@code ADAPTIVE_ROUTING} weighs, and the
 * totals its diagnostics show. Shared by the service's sessions on every event loop.
 */
final class ServerStatistics {
  // how much a new response time moves the average: about the last 16 replies count
  private static final double SMOOTHING = 1.0 / 16;

  private final String server;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger operations = new AtomicInteger();
  private final AtomicLong averageNanos = new AtomicLong(Double.doubleToRawLongBits(0));
  private final LongAdder reads = new LongAdder();
  private final LongAdder writes = new LongAdder();

  ServerStatistics(String server) {
    this.server = server;
  }

  String server() {
    return server;
  }

  void connectionOpened() {
    connections.incrementAndGet();
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }

  int connections() {
    return connections.get();
  }

  /** A statement was sent to the server. */
  void operationStarted(boolean write) {
    operations.incrementAndGet();
    (write ? writes : reads).increment();
  }

  /** The server answered, {@code nanos} after the statement was sent. */
  void operationEnded(long nanos) {
    operations.decrementAndGet();
    long previousBits;
    long nextBits;
    do {
      previousBits = averageNanos.get();
      double previous = Double.longBitsToDouble(previousBits);
      double next = previous == 0 ? nanos : previous + (nanos - previous) * SMOOTHING;
      nextBits = Double.doubleToRawLongBits(next);
    } while (!averageNanos.compareAndSet(previousBits, nextBits));
  }

  /** A statement in flight was abandoned with its connection. */
  void operationAbandoned() {
    operations.decrementAndGet();
  }

  int operations() {
    return operations.get();
  }

  /** The smoothed response time in nanoseconds; 0 until the first reply. */
  double averageResponseNanos() {
    return Double.longBitsToDouble(averageNanos.get());
  }

  long reads() {
    return reads.sum();
  }

  long writes() {
    return writes.sum();
  }
}
