package io.weir.control.command;

import io.weir.control.resource.ResourceType;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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

  /**
   * A call's arguments from its URL's raw query, in MaxScale's form: {@code ?a&b}, keys without
   * values, in order ({@code ?a=&b=} reads the same).
   */
  public static List<String> argumentsOf(@Nullable String rawQuery) {
    List<String> arguments = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return arguments;
    }
    for (String part : rawQuery.split("&")) {
      String key = part.endsWith("=") ? part.substring(0, part.length() - 1) : part;
      if (!key.isEmpty()) {
        arguments.add(URLDecoder.decode(key, StandardCharsets.UTF_8));
      }
    }
    return arguments;
  }

  /** The raw query that {@link #argumentsOf} reads back as {@code arguments}. */
  public static String queryOf(List<String> arguments) {
    return String.join(
        "&",
        arguments.stream()
            .map(argument -> URLEncoder.encode(argument, StandardCharsets.UTF_8))
            .toList());
  }

  /** The command {@code name} of {@code module}, if there is one. */
  public static Optional<ModuleCommand> find(String module, String name) {
    return ALL.stream()
        .filter(command -> command.module().equals(module) && command.name().equals(name))
        .findFirst();
  }
}
