package io.weir.proxy.router;

import io.weir.control.resource.ParameterValues;
import io.weir.proxy.backend.BackendTarget;
import java.util.Map;
import java.util.Optional;

/**
 * A service's routing policy as its sessions see it. {@code readconnroute} binds each session to
 * one server at connect time; routers that split a session's statements over several servers
 * (readwritesplit, mirror) extend this seam with a per-session object.
 */
public interface Router {

  /** The server a new session's connection goes to, or empty when none qualifies now. */
  Optional<BackendTarget> chooseServer();

  /** The server named {@code name}, whatever its state: KILL reaches sessions on any server. */
  Optional<BackendTarget> server(String name);

  /** A session holds a connection to {@code server} from now on. */
  void connectionOpened(String server);

  /** A session's connection to {@code server} closed. */
  void connectionClosed(String server);

  /**
   * Takes the service's parameters after a runtime change: sessions that start from now on route by
   * them, sessions already open keep what they started with.
   *
   * @param parameters the service's whole validated parameters, common and the router's
   * @throws UnsupportedParameterException naming parameters whose values the router cannot run
   *     with; the router then keeps its previous parameters
   */
  void reconfigure(ParameterValues parameters);

  /** How the router picks servers, for error messages and logs. */
  String description();

  /**
   * What the router counted, shaped like MaxScale's {@code router_diagnostics}; empty when it
   * counts nothing.
   */
  default Map<String, Object> diagnostics() {
    return Map.of();
  }
}
