package io.weir.control.resource;

import org.jspecify.annotations.Nullable;

/**
 * A port clients connect to, bound to one service: MaxScale's {@code listeners} resource.
 *
 * @param id the listener's name
 * @param service id of the service it hands sessions to (relationship {@code service})
 * @param address the address to bind (parameter {@code address}; {@code ::} means every address)
 * @param port the TCP port (parameter {@code port})
 * @param tls TLS towards clients, or null when {@code ssl} is off
 * @param parameters all parameters, {@code address} and {@code port} included
 */
public record Listener(
    String id,
    String service,
    String address,
    int port,
    @Nullable TlsSettings tls,
    ParameterValues parameters)
    implements Resource {

  @Override
  public ResourceType type() {
    return ResourceType.LISTENERS;
  }
}
