package io.weir.control.resource;

import org.jspecify.annotations.Nullable;

/**
 * A database server Weir connects to: MaxScale's {@code servers} resource.
 *
 * @param id the server's name
 * @param address host name or IP address (parameter {@code address})
 * @param port TCP port (parameter {@code port})
 * @param tls TLS towards the server, or null when {@code ssl} is off
 * @param parameters all parameters, {@code address} and {@code port} included, as the REST API
 *     shows them
 */
public record Server(
    String id, String address, int port, @Nullable TlsSettings tls, ParameterValues parameters)
    implements Resource {

  @Override
  public ResourceType type() {
    return ResourceType.SERVERS;
  }
}
