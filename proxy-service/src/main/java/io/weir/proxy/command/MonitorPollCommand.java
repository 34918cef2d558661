package io.weir.proxy.command;

import io.weir.cluster.monitor.ClusterSnapshot;
import io.weir.cluster.monitor.MariaDbMonitor;
import io.weir.cluster.server.ServerState;
import io.weir.control.command.ModuleCommand;
import io.weir.control.command.ModuleCommands;
import io.weir.proxy.monitor.Monitors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code mariadbmon poll MONITOR}: one monitor round now, answered with the servers' states. */
public final class MonitorPollCommand implements ModuleCommandHandler {

  private final Monitors monitors;

  public MonitorPollCommand(Monitors monitors) {
    this.monitors = monitors;
  }

  @Override
  public ModuleCommand command() {
    return ModuleCommands.MARIADBMON_POLL;
  }

  @Override
  public Object run(List<String> arguments) {
    String id = arguments.getFirst();
    MariaDbMonitor monitor =
        monitors
            .monitor(id)
            .orElseThrow(
                () -> new CommandRefusedException("this proxy runs no monitor '" + id + "'"));
    ClusterSnapshot snapshot = monitor.poll();
    Map<String, Object> servers = new LinkedHashMap<>();
    for (ServerState server : snapshot.servers()) {
      servers.put(server.name(), server.statusText());
    }
    return Map.of("monitor", id, "round", snapshot.round(), "servers", servers);
  }
}
