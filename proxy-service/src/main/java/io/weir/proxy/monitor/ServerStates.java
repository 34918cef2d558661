package io.weir.proxy.monitor;

import io.weir.cluster.monitor.ClusterSnapshot;
import io.weir.cluster.monitor.MariaDbMonitor;
import io.weir.cluster.server.ServerState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The monitors' view of one service's servers, as routers read it for every statement. Monitors
 * publish immutable snapshots, so the view is rebuilt only when one of them published a new one (a
 * round, or an operator's maintenance or drain) or the set of monitors changed, and otherwise costs
 * a few reference compares.
 */
public final class ServerStates implements Supplier<List<ServerState>> {

  private record View(
      MariaDbMonitor[] monitors,
      ClusterSnapshot[] from,
      List<ServerState> states,
      Map<String, ServerState> byName) {}

  private final List<String> servers;
  private final Monitors source;
  private volatile @Nullable View view;

  ServerStates(List<String> servers, Monitors source) {
    this.servers = List.copyOf(servers);
    this.source = source;
  }

  /** The states of the service's servers the monitors know, in the service's order. */
  @Override
  public List<ServerState> get() {
    return current().states();
  }

  /** The state of {@code server}, or null when no monitor knows it. */
  public @Nullable ServerState state(String server) {
    return current().byName().get(server);
  }

  private View current() {
    View known = view;
    MariaDbMonitor[] monitors = source.all();
    if (known != null && known.monitors() == monitors && unchanged(monitors, known.from())) {
      return known;
    }
    ClusterSnapshot[] from = new ClusterSnapshot[monitors.length];
    for (int i = 0; i < monitors.length; i++) {
      from[i] = monitors[i].snapshot();
    }
    List<ServerState> states = new ArrayList<>(servers.size());
    Map<String, ServerState> byName = new HashMap<>();
    for (String id : servers) {
      for (ClusterSnapshot snapshot : from) {
        ServerState state = snapshot.server(id).orElse(null);
        if (state != null) {
          states.add(state);
          byName.put(id, state);
          break;
        }
      }
    }
    View fresh = new View(monitors, from, List.copyOf(states), Map.copyOf(byName));
    view = fresh;
    return fresh;
  }

  private static boolean unchanged(MariaDbMonitor[] monitors, ClusterSnapshot[] from) {
    for (int i = 0; i < monitors.length; i++) {
      if (monitors[i].snapshot() != from[i]) {
        return false;
      }
    }
    return true;
  }
}
