package io.weir.cluster.monitor;

import io.weir.cluster.server.ServerEndpoint;
import io.weir.cluster.server.ServerState;
import io.weir.cluster.server.StatusBit;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replication monitor like MaxScale's {@code mariadbmon}: polls every server each {@code
 * monitor_interval}, all servers side by side so a hung one delays a round by at most the read
 * timeout, derives status bits ({@link ReplicationTopology}) and publishes an immutable {@link
 * ClusterSnapshot}.
 *
 * <p>Routers call {@link #snapshot()} on their event loops: it reads a volatile field and never
 * blocks. Polling runs on the monitor's own threads.
 */
public final class MariaDbMonitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MariaDbMonitor.class);

  private final String name;
  private final List<ServerEndpoint> servers;
  private final MonitorSettings settings;
  private final ServerProbe probe;
  private final Clock clock;
  private final Map<String, Set<StatusBit>> operatorBits = new ConcurrentHashMap<>();
  private final List<Consumer<ClusterSnapshot>> listeners = new CopyOnWriteArrayList<>();
  // platform threads, not virtual ones: in a Spring Boot fat jar, virtual threads loading classes
  // (the JDBC driver's, at the first round) while the main thread starts the service can hang the
  // start on a two-core machine (spring-boot#51463); one thread per server is few
  private final ExecutorService pollers =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().daemon().name("weir-monitor-poll-", 0).factory());
  private final ScheduledExecutorService scheduler;
  private final Object publishing = new Object();
  private volatile ClusterSnapshot snapshot;
  private @Nullable String lastMaster;

  /**
   * @param name the monitor resource's id, used in thread names and logs
   * @param servers the servers to watch, in configuration order
   */
  public MariaDbMonitor(
      String name,
      List<ServerEndpoint> servers,
      MonitorSettings settings,
      ServerProbe probe,
      Clock clock) {
    this.name = name;
    this.servers = List.copyOf(servers);
    this.settings = settings;
    this.probe = probe;
    this.clock = clock;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("weir-monitor-" + name).factory());
    List<ServerState> unknown = new ArrayList<>();
    for (ServerEndpoint server : servers) {
      unknown.add(ServerState.down(server, "not polled yet", clock.instant()));
    }
    this.snapshot = new ClusterSnapshot(0, clock.instant(), unknown);
  }

  /** A monitor that polls with MariaDB Connector/J and the system clock. */
  public static MariaDbMonitor overJdbc(
      String name, List<ServerEndpoint> servers, MonitorSettings settings) {
    return new MariaDbMonitor(
        name, servers, settings, new JdbcServerProbe(settings), Clock.systemUTC());
  }

  /** Starts polling every {@code monitor_interval}, the first round at once. */
  public MariaDbMonitor start() {
    scheduler.scheduleWithFixedDelay(
        this::pollQuietly, 0, settings.monitorInterval().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The latest snapshot; never blocks. */
  public ClusterSnapshot snapshot() {
    return snapshot;
  }

  /** Calls {@code listener} with every snapshot published from now on. */
  public void subscribe(Consumer<ClusterSnapshot> listener) {
    listeners.add(listener);
  }

  /**
   * Runs one round now, on the calling thread, and returns its snapshot. For tests and for
   * operators who want a fresh view after changing a server.
   */
  public synchronized ClusterSnapshot poll() {
    Map<ServerEndpoint, Future<ProbeResult>> pending = new LinkedHashMap<>();
    for (ServerEndpoint server : servers) {
      pending.put(server, pollers.submit(() -> probe.probe(server)));
    }
    Map<ServerEndpoint, ProbeResult> results = new LinkedHashMap<>();
    for (Map.Entry<ServerEndpoint, Future<ProbeResult>> entry : pending.entrySet()) {
      results.put(entry.getKey(), await(entry.getValue()));
    }
    // probing above may take a read timeout; only this short step excludes operators' changes
    synchronized (publishing) {
      // the last master seen, even rounds ago: while it is down its replicas keep serving reads
      String previousMaster = snapshot.master().map(ServerState::name).orElse(lastMaster);
      List<ServerState> states =
          ReplicationTopology.derive(
              results, previousMaster, Map.copyOf(operatorBits), clock.instant());
      ClusterSnapshot next = new ClusterSnapshot(snapshot.round() + 1, clock.instant(), states);
      next.master().ifPresent(master -> lastMaster = master.name());
      logChanges(snapshot, next);
      publish(next);
      return next;
    }
  }

  /**
   * Puts a server into maintenance (routers send it nothing) or takes it out. Takes effect in the
   * published snapshot at once, without waiting for a round.
   */
  public void setMaintenance(String server, boolean on) {
    setOperatorBit(server, StatusBit.MAINTENANCE, on);
  }

  /** Starts or stops draining a server: existing sessions stay, new ones go elsewhere. */
  public void setDraining(String server, boolean on) {
    setOperatorBit(server, StatusBit.DRAINING, on);
  }

  /**
   * Never waits for a round's probes, so a REST call on an event loop returns at once even while a
   * hung server holds up the round.
   */
  private void setOperatorBit(String server, StatusBit bit, boolean on) {
    if (servers.stream().noneMatch(endpoint -> endpoint.name().equals(server))) {
      throw new IllegalArgumentException("monitor " + name + " watches no server named " + server);
    }
    synchronized (publishing) {
      applyOperatorBit(server, bit, on);
    }
  }

  private void applyOperatorBit(String server, StatusBit bit, boolean on) {
    operatorBits.compute(
        server,
        (key, bits) -> {
          EnumSet<StatusBit> next =
              bits == null ? EnumSet.noneOf(StatusBit.class) : EnumSet.copyOf(bits);
          if (on) {
            next.add(bit);
          } else {
            next.remove(bit);
          }
          return next.isEmpty() ? null : Set.copyOf(next);
        });
    List<ServerState> states = new ArrayList<>();
    for (ServerState state : snapshot.servers()) {
      EnumSet<StatusBit> bits = EnumSet.noneOf(StatusBit.class);
      bits.addAll(state.status());
      if (state.name().equals(server)) {
        if (on) {
          bits.add(bit);
        } else {
          bits.remove(bit);
        }
      }
      states.add(state.withStatus(bits, state.replicationLag()));
    }
    publish(new ClusterSnapshot(snapshot.round(), clock.instant(), states));
  }

  private void publish(ClusterSnapshot next) {
    snapshot = next;
    for (Consumer<ClusterSnapshot> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        LOG.warn("monitor {}: a snapshot listener failed", name, e);
      }
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      // a failed round must not end the schedule; the next round tries again
      LOG.warn("monitor {}: round failed", name, e);
    }
  }

  private static ProbeResult await(Future<ProbeResult> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      return new ProbeResult.Unreachable(String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProbeResult.Unreachable("monitor interrupted");
    }
  }

  private void logChanges(ClusterSnapshot before, ClusterSnapshot after) {
    for (ServerState state : after.servers()) {
      @Nullable ServerState old = before.server(state.name()).orElse(null);
      if (old == null || !old.status().equals(state.status())) {
        LOG.info(
            "monitor {}: server {} ({}) is now [{}]{}",
            name,
            state.name(),
            state.endpoint().address(),
            state.statusText(),
            state.lastError().isEmpty() ? "" : ": " + state.lastError());
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    pollers.shutdownNow();
    probe.close();
  }
}
