package io.weir.control.resource;

import java.util.List;

/**
 * A monitor watching a set of servers: MaxScale's {@code monitors} resource.
 *
 * @param id the monitor's name
 * @param module the monitor implementation, e.g. {@code mariadbmon}
 * @param servers ids of the servers it watches (relationship {@code servers}), in file order
 * @param parameters validated parameters of the monitor module, defaults included
 */
public record Monitor(String id, String module, List<String> servers, ParameterValues parameters)
    implements Resource {

  public Monitor {
    servers = List.copyOf(servers);
  }

  @Override
  public ResourceType type() {
    return ResourceType.MONITORS;
  }
}
