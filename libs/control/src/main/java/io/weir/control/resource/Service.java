package io.weir.control.resource;

import java.util.List;

/**
 * A router with its targets and filter chain: MaxScale's {@code services} resource.
 *
 * @param id the service's name
 * @param router the router module: {@code readconnroute}, {@code readwritesplit} or {@code mirror}
 * @param targets the servers or the monitor it routes to
 * @param filters ids of the filters every statement passes through, in order
 * @param parameters validated common service and router parameters, defaults included
 */
public record Service(
    String id,
    String router,
    ServiceTargets targets,
    List<String> filters,
    ParameterValues parameters)
    implements Resource {

  public Service {
    filters = List.copyOf(filters);
  }

  @Override
  public ResourceType type() {
    return ResourceType.SERVICES;
  }
}
