package io.weir.control.config;

import io.weir.control.resource.Filter;
import io.weir.control.resource.Listener;
import io.weir.control.resource.Monitor;
import io.weir.control.resource.Resource;
import io.weir.control.resource.ResourceType;
import io.weir.control.resource.Server;
import io.weir.control.resource.Service;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A complete, valid set of resources: every reference resolves, every parameter is typed. Maps are
 * keyed by id and keep the order of the file.
 *
 * @param servers servers by id
 * @param monitors monitors by id
 * @param services services by id
 * @param listeners listeners by id
 * @param filters filters by id
 */
public record Configuration(
    Map<String, Server> servers,
    Map<String, Monitor> monitors,
    Map<String, Service> services,
    Map<String, Listener> listeners,
    Map<String, Filter> filters) {

  public Configuration {
    servers = ordered(servers);
    monitors = ordered(monitors);
    services = ordered(services);
    listeners = ordered(listeners);
    filters = ordered(filters);
  }

  /** A configuration without resources. */
  public static Configuration empty() {
    return new Configuration(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  /** Every resource, servers first, then monitors, services, listeners and filters. */
  public List<Resource> resources() {
    return Stream.of(servers, monitors, services, listeners, filters)
        .flatMap(map -> map.values().stream())
        .<Resource>map(resource -> resource)
        .toList();
  }

  /** The resource of {@code type} called {@code id}, if there is one. */
  public Optional<Resource> find(ResourceType type, String id) {
    Map<String, ? extends Resource> byId =
        switch (type) {
          case SERVERS -> servers;
          case MONITORS -> monitors;
          case SERVICES -> services;
          case LISTENERS -> listeners;
          case FILTERS -> filters;
        };
    return Optional.ofNullable(byId.get(id));
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return Collections.unmodifiableSequencedMap(new LinkedHashMap<>(map));
  }
}
