package io.weir.control.command;

import io.weir.control.resource.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * Every module command Weir's services offer. A service registers a handler for each command it
 * hosts; the admin API lists and checks calls with these descriptions.
 */
public final class ModuleCommands {

  /**
   * {@code mariadbmon poll MONITOR}: a monitor round now rather than at the next {@code
   * monitor_interval}, on every instance, so that routers see a change an operator just made to the
   * servers (a replica started, {@code read_only} switched) at once.
   */
  public static final ModuleCommand MARIADBMON_POLL =
      new ModuleCommand(
          "mariadbmon",
          "poll",
          "Runs a monitor round now on every proxy instance and returns the servers' states",
          "proxy-service",
          List.of(
              new CommandArgument(
                  "monitor", ResourceType.MONITORS, "mariadbmon", "the monitor to poll")));

  private static final List<ModuleCommand> ALL = List.of(MARIADBMON_POLL);

  private ModuleCommands() {}

  /** Every command, by module then name. */
  public static List<ModuleCommand> all() {
    return ALL;
  }

  /** The command {@code name} of {@code module}, if there is one. */
  public static Optional<ModuleCommand> find(String module, String name) {
    return ALL.stream()
        .filter(command -> command.module().equals(module) && command.name().equals(name))
        .findFirst();
  }
}
