package io.weir.proxy.command;

import io.weir.control.command.ModuleCommand;
import java.util.List;

/** Runs one module command on this proxy instance. */
public interface ModuleCommandHandler {

  /** The command this handler runs. */
  ModuleCommand command();

  /**
   * Runs the command.
   *
   * @param arguments the positional arguments, as many as the command has
   * @return the result, rendered as JSON in the response's {@code meta}
   * @throws CommandRefusedException when an argument names nothing this instance runs
   */
  Object run(List<String> arguments);
}
