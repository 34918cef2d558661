package io.weir.control.resource;

import java.util.EnumSet;
import java.util.Set;
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
 * @param operatorStates the states an operator set (key {@code state}): maintenance, drain
 */
public record Server(
    String id,
    String address,
    int port,
    @Nullable TlsSettings tls,
    ParameterValues parameters,
    Set<OperatorState> operatorStates)
    implements Resource {

  public Server {
    operatorStates =
        operatorStates.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(operatorStates));
  }

  /** Whether an operator put the server in {@code state}. */
  public boolean in(OperatorState state) {
    return operatorStates.contains(state);
  }

  @Override
  public ResourceType type() {
    return ResourceType.SERVERS;
  }
}
