package io.weir.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters the sessions of one listener and its service update. Meters with open-ended tags
 * (server, command, error code) are created on first use and cached, so the hot path does a map
 * lookup, not a registry search.
 */
public final class SessionMeters {
  private final MeterRegistry registry;
  private final String listener;
  private final String service;
  private final AtomicInteger open = new AtomicInteger();
  private final Counter accepted;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Map<String, Timer> commands = new ConcurrentHashMap<>();
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<Integer, Counter> authenticationFailures = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> serverConnections = new ConcurrentHashMap<>();

  public SessionMeters(MeterRegistry registry, String listener, String service) {
    this.registry = registry;
    this.listener = listener;
    this.service = service;
    Gauge.builder(ProxyMetrics.CONNECTIONS_CURRENT, open, AtomicInteger::get)
        .description("Client sessions open now")
        .tags("listener", listener, "service", service)
        .register(registry);
    this.accepted =
        Counter.builder(ProxyMetrics.CONNECTIONS)
            .description("Client sessions accepted")
            .tags("listener", listener, "service", service)
            .register(registry);
    this.bytesIn =
        Counter.builder(ProxyMetrics.BYTES_IN)
            .baseUnit("bytes")
            .description("Bytes received from clients")
            .tags("listener", listener, "service", service)
            .register(registry);
    this.bytesOut =
        Counter.builder(ProxyMetrics.BYTES_OUT)
            .baseUnit("bytes")
            .description("Bytes sent to clients")
            .tags("listener", listener, "service", service)
            .register(registry);
  }

  /** Sessions open now. */
  public int openSessions() {
    return open.get();
  }

  public void sessionOpened() {
    open.incrementAndGet();
    accepted.increment();
  }

  public void sessionClosed() {
    open.decrementAndGet();
  }

  public void bytesIn(long bytes) {
    bytesIn.increment(bytes);
  }

  public void bytesOut(long bytes) {
    bytesOut.increment(bytes);
  }

  /** A command to {@code server} was answered after {@code nanos}. */
  public void command(String server, String command, long nanos) {
    commandTimer(server, command).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The timer of {@code command} on {@code server}, for sessions that keep it at hand. */
  public Timer commandTimer(String server, String command) {
    return commands.computeIfAbsent(
        server + '\u0000' + command,
        key ->
            Timer.builder(ProxyMetrics.COMMANDS)
                .description("Commands from request to the end of the reply")
                .tags("service", service, "server", server, "command", command)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(0).plusNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
  }

  /** A client received error {@code code}, sent by a server or by the proxy itself. */
  public void error(int code, boolean fromProxy) {
    String origin = fromProxy ? "proxy" : "server";
    errors
        .computeIfAbsent(
            code + origin,
            key ->
                Counter.builder(ProxyMetrics.ERRORS)
                    .description("Error packets sent to clients")
                    .tags("service", service, "code", Integer.toString(code), "origin", origin)
                    .register(registry))
        .increment();
  }

  /** The proxy refused a login with error {@code code}. */
  public void authenticationFailed(int code) {
    authenticationFailures
        .computeIfAbsent(
            code,
            key ->
                Counter.builder(ProxyMetrics.AUTHENTICATION_FAILURES)
                    .description("Logins the proxy refused")
                    .tags("service", service, "code", Integer.toString(code))
                    .register(registry))
        .increment();
  }

  public void serverConnectionOpened(String server) {
    serverGauge(server).incrementAndGet();
  }

  public void serverConnectionClosed(String server) {
    serverGauge(server).decrementAndGet();
  }

  private AtomicInteger serverGauge(String server) {
    return serverConnections.computeIfAbsent(
        server,
        name -> {
          AtomicInteger count = new AtomicInteger();
          Gauge.builder(ProxyMetrics.SERVER_CONNECTIONS_CURRENT, count, AtomicInteger::get)
              .description("Backend connections open now")
              .tags("service", service, "listener", listener, "server", name)
              .register(registry);
          return count;
        });
  }
}
