package io.weir.control.command;

import io.weir.control.resource.ResourceType;

/**
 * One positional argument of a {@link ModuleCommand}: the id of an existing resource.
 *
 * @param name what the argument is called in messages and listings, e.g. {@code monitor}
 * @param type the type of resource it names
 * @param module the module that resource must have (e.g. {@code mariadbmon}), or empty for any
 * @param description what the command does with it
 */
public record CommandArgument(String name, ResourceType type, String module, String description) {}
