package io.weir.control.resource;

/**
 * A configured resource. The set is closed so that code handling "every resource" (the loader, the
 * config topic codec, the admin API) fails to compile when a kind is added and not handled.
 */
public sealed interface Resource permits Server, Monitor, Service, Listener, Filter {

  /** The kind of resource; its {@link ResourceType#typeName()} is the JSON:API type. */
  ResourceType type();

  /** The name, unique within the resource's type. */
  String id();

  /** The validated, typed parameters, defaults filled in. */
  ParameterValues parameters();

  /** The key used in messages and on the config topic, e.g. {@code services/rw}. */
  default String key() {
    return type().typeName() + "/" + id();
  }
}
