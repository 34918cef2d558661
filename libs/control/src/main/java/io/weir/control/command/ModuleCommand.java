package io.weir.control.command;

import io.weir.control.api.ApiError;
import io.weir.control.config.Configuration;
import io.weir.control.resource.Monitor;
import io.weir.control.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An operation a module offers besides its parameters, such as MaxScale's {@code mariadbmon
 * switchover}. The admin API checks a call against this description, then runs it on every instance
 * of {@link #service} (each instance runs its own copy of the module).
 *
 * @param module the module, e.g. {@code mariadbmon}
 * @param name the command, e.g. {@code poll}
 * @param description what it does, for listings
 * @param service the Weir service that hosts the module, e.g. {@code proxy-service}
 * @param arguments its positional arguments
 */
public record ModuleCommand(
    String module,
    String name,
    String description,
    String service,
    List<CommandArgument> arguments) {

  public ModuleCommand {
    arguments = List.copyOf(arguments);
  }

  /** {@code module/name}, as messages and URLs name it. */
  public String path() {
    return module + "/" + name;
  }

  /**
   * What is wrong with calling this command with {@code values} on {@code configuration}: the
   * number of arguments, and whether each names an existing resource of its type and module.
   *
   * @return one error per problem (400), empty when the call may run
   */
  public List<ApiError> check(List<String> values, Configuration configuration) {
    List<ApiError> problems = new ArrayList<>();
    if (values.size() != arguments.size()) {
      problems.add(
          new ApiError(
              400,
              "WRONG_ARGUMENTS",
              null,
              path()
                  + " takes "
                  + arguments.size()
                  + " argument(s) ("
                  + String.join(", ", arguments.stream().map(CommandArgument::name).toList())
                  + "), not "
                  + values.size()));
      return problems;
    }
    for (int index = 0; index < values.size(); index++) {
      CommandArgument argument = arguments.get(index);
      String value = values.get(index);
      Optional<String> module = moduleOf(configuration, argument.type(), value);
      if (module.isEmpty()) {
        problems.add(
            new ApiError(
                400,
                "UNKNOWN_REFERENCE",
                null,
                "argument '"
                    + argument.name()
                    + "': there is no "
                    + argument.type()
                    + "/"
                    + value));
      } else if (!argument.module().isEmpty() && !argument.module().equals(module.get())) {
        problems.add(
            new ApiError(
                400,
                "WRONG_MODULE",
                null,
                "argument '"
                    + argument.name()
                    + "': "
                    + argument.type()
                    + "/"
                    + value
                    + " is a "
                    + module.get()
                    + ", not a "
                    + argument.module()));
      }
    }
    return problems;
  }

  /** The module of resource {@code type/id}, "" for a type without one; empty when missing. */
  private static Optional<String> moduleOf(
      Configuration configuration, ResourceType type, String id) {
    return switch (type) {
      case MONITORS -> Optional.ofNullable(configuration.monitors().get(id)).map(Monitor::module);
      case SERVICES ->
          Optional.ofNullable(configuration.services().get(id)).map(service -> service.router());
      case FILTERS ->
          Optional.ofNullable(configuration.filters().get(id)).map(filter -> filter.module());
      case SERVERS -> present(configuration.servers(), id);
      case LISTENERS -> present(configuration.listeners(), id);
    };
  }

  private static Optional<String> present(Map<String, ?> resources, String id) {
    return resources.containsKey(id) ? Optional.of("") : Optional.empty();
  }
}
