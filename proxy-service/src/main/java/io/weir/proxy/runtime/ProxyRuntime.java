package io.weir.proxy.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.weir.cluster.server.ServerEndpoint;
import io.weir.cluster.server.ServerState;
import io.weir.control.config.Configuration;
import io.weir.control.parameter.ModuleSchemas;
import io.weir.control.resource.Listener;
import io.weir.control.resource.Secret;
import io.weir.control.resource.Server;
import io.weir.control.resource.Service;
import io.weir.control.resource.ServiceTargets;
import io.weir.control.resource.TlsSettings;
import io.weir.proxy.auth.UserAccountCache;
import io.weir.proxy.auth.UserAccountLoader;
import io.weir.proxy.backend.BackendConnector;
import io.weir.proxy.backend.BackendTarget;
import io.weir.proxy.listener.ListenerServer;
import io.weir.proxy.metrics.SessionMeters;
import io.weir.proxy.monitor.Monitors;
import io.weir.proxy.monitor.ServerStates;
import io.weir.proxy.router.Router;
import io.weir.proxy.router.ServerConnections;
import io.weir.proxy.router.UnsupportedParameterException;
import io.weir.proxy.router.readconnroute.ReadConnRouter;
import io.weir.proxy.router.readwritesplit.ReadWriteSplitRouter;
import io.weir.proxy.router.readwritesplit.ReadWriteSplitSettings;
import io.weir.proxy.session.SessionContext;
import io.weir.proxy.session.SessionRegistry;
import io.weir.proxy.tls.TlsContexts;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.resources.LoopResources;

/**
 * A running proxy built from resources: the event loops, one user cache and router per service, and
 * one open port per listener. The monitors are started by the caller ({@link Monitors}) and only
 * read here.
 *
 * <p>It changes while it runs: listeners open and close, servers are added, moved and removed
 * ({@link #putServer}, {@link #removeServer}), and a service whose servers or router changed gets a
 * new runtime ({@link #replaceService}) that its listeners give new sessions, while open sessions
 * keep the one they started with.
 */
public final class ProxyRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyRuntime.class);

  private final LoopResources loops;
  private final ExecutorService blocking;
  private final SessionRegistry sessions;
  private final WriteBufferWaterMark waterMark;
  private final BackendConnector connector;
  private final Monitors monitors;
  private final MeterRegistry registry;
  private final ProxySettings settings;
  private final ServerParameters servers;
  // read by routers on event loops while servers are added, moved or removed
  private final Map<String, BackendTarget> targets = new ConcurrentHashMap<>();
  private final ServerConnections serverConnections = new ServerConnections();
  private final SecureRandom random = new SecureRandom();
  // guarded by this: listeners open and close while the proxy runs
  private final Map<String, ListenerServer> listeners = new LinkedHashMap<>();
  private final Map<String, ServiceRuntime> serviceRuntimes = new LinkedHashMap<>();
  private final Map<String, ServiceStatus> services = new LinkedHashMap<>();

  private ProxyRuntime(
      Configuration configuration,
      Monitors monitors,
      MeterRegistry registry,
      ProxySettings settings) {
    int threads =
        settings.eventLoops() > 0
            ? settings.eventLoops()
            : Runtime.getRuntime().availableProcessors();
    this.loops = LoopResources.create("weir-proxy", threads, true);
    // platform threads, not virtual ones: in a Spring Boot fat jar, virtual threads loading classes
    // while the main thread starts the proxy can hang the start on a two-core machine
    // (spring-boot#51463); this pool only loads users, a few threads at a time
    this.blocking =
        Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("weir-blocking-", 0).factory());
    this.sessions = new SessionRegistry();
    this.waterMark =
        new WriteBufferWaterMark(
            settings.writeBufferLowWaterMark(), settings.writeBufferHighWaterMark());
    this.connector =
        new BackendConnector(
            loops, settings.connectTimeout(), settings.maximumPacketLength(), waterMark);
    this.monitors = monitors;
    this.registry = registry;
    this.settings = settings;
    this.servers = ServerParameters.of(configuration);
    configuration.servers().values().forEach(server -> targets.put(server.id(), targetOf(server)));
  }

  /**
   * What one service is doing now.
   *
   * @param id the service's id
   * @param router its router module
   * @param listeners its listeners' ids
   * @param openSessions its sessions open now, over all its listeners
   * @param routing its router, for diagnostics
   * @param parameters its parameters, changeable at runtime
   */
  public record ServiceStatus(
      String id,
      String router,
      List<String> listeners,
      AtomicInteger openSessions,
      Router routing,
      ServiceParameters parameters) {

    /** The router's diagnostics, as {@code router_diagnostics} in MaxScale's REST API. */
    public Map<String, Object> routerDiagnostics() {
      return routing.diagnostics();
    }
  }

  /**
   * Opens every listener of {@code configuration}. A listener whose service uses a router that is
   * not built yet stops the start with a message naming it.
   */
  public static ProxyRuntime start(
      Configuration configuration,
      Monitors monitors,
      MeterRegistry registry,
      ProxySettings settings) {
    ProxyRuntime runtime = new ProxyRuntime(configuration, monitors, registry, settings);
    try {
      for (Listener listener : configuration.listeners().values()) {
        runtime.open(listener, configuration);
      }
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
    return runtime;
  }

  /**
   * Opens {@code listener}, and its service's router when it is the service's first listener on
   * this proxy.
   *
   * @param configuration the configuration the listener belongs to, for its service and servers
   * @throws IllegalStateException when the listener is open already, its service uses servers this
   *     proxy does not know, or its router is not built yet
   */
  public synchronized void open(Listener listener, Configuration configuration) {
    if (listeners.containsKey(listener.id())) {
      throw new IllegalStateException("listeners/" + listener.id() + " is open already");
    }
    // SO_REUSEPORT would let both bind and split the clients between two services
    for (ListenerServer open : listeners.values()) {
      if (open.collidesWith(listener)) {
        throw new IllegalStateException(
            "listeners/"
                + listener.id()
                + ": "
                + listener.address()
                + " port "
                + listener.port()
                + " collides with listeners/"
                + open.id()
                + ", open on this proxy");
      }
    }
    Service service = configuration.services().get(listener.service());
    ServiceRuntime runtime = serviceRuntimes.get(service.id());
    if (runtime == null) {
      List<String> missing =
          ServiceRuntime.serverIds(service, configuration).stream()
              .filter(server -> !targets.containsKey(server))
              .toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "services/" + service.id() + " uses " + missing + ", which this proxy does not know");
      }
      runtime = serviceRuntime(service, configuration, new AtomicInteger());
      serviceRuntimes.put(service.id(), runtime);
    }
    SslContext tls =
        listener.tls() == null ? null : TlsContexts.forListener(listener.id(), listener.tls());
    SessionContext context =
        context(
            listener.id(),
            service.id(),
            runtime,
            tls,
            new SessionMeters(registry, listener.id(), service.id()));
    ListenerServer server = ListenerServer.bind(listener, loops, context, waterMark);
    listeners.put(listener.id(), server);
    ServiceStatus known = services.get(service.id());
    List<String> serviceListeners = new ArrayList<>(known == null ? List.of() : known.listeners());
    serviceListeners.add(listener.id());
    services.put(
        service.id(),
        new ServiceStatus(
            service.id(),
            service.router(),
            List.copyOf(serviceListeners),
            runtime.openSessions(),
            runtime.router(),
            runtime.parameters()));
    log.info(
        "listener '{}' for service '{}' ({}) on {}:{}",
        listener.id(),
        service.id(),
        runtime.router().description(),
        listener.address(),
        server.port());
  }

  /**
   * Gives service {@code service} a new runtime built from {@code configuration}: a new router over
   * its servers as they are now, and a new user cache loading from them. Its listeners give it to
   * sessions accepted from now on; open sessions keep the old one until they end. Its count of open
   * sessions ({@code max_connections}) carries over.
   *
   * @return false when the service has no listener here, so no runtime to replace (one opened later
   *     is built from the configuration it comes with)
   * @throws IllegalStateException when the new router cannot be built; the old one stays
   */
  public synchronized boolean replaceService(Service service, Configuration configuration) {
    ServiceRuntime before = serviceRuntimes.get(service.id());
    ServiceStatus status = services.get(service.id());
    if (before == null || status == null) {
      return false;
    }
    ServiceRuntime after = serviceRuntime(service, configuration, before.openSessions());
    serviceRuntimes.put(service.id(), after);
    services.put(
        service.id(),
        new ServiceStatus(
            service.id(),
            service.router(),
            status.listeners(),
            after.openSessions(),
            after.router(),
            after.parameters()));
    for (String id : status.listeners()) {
      ListenerServer server = listeners.get(id);
      SessionContext known = server.context();
      server.switchTo(context(id, service.id(), after, known.tls(), known.meters()));
    }
    log.info(
        "services/{}: new sessions use {} over {}",
        service.id(),
        after.router().description(),
        ServiceRuntime.serverIds(service, configuration));
    return true;
  }

  /**
   * Adds server {@code server}, or takes its new address, port or TLS: connections opened from now
   * on go there. The caller restarts the monitors watching it and replaces the services using it.
   *
   * @throws IllegalStateException when its TLS files cannot be read; the server stays as it was
   */
  public void putServer(Server server) {
    BackendTarget target = targetOf(server);
    targets.put(server.id(), target);
  }

  /** Forgets server {@code id}; no service of the configuration uses it any more. */
  public void removeServer(String id) {
    targets.remove(id);
    servers.remove(id);
  }

  /**
   * Stops listener {@code id} from accepting clients; sessions it accepted go on. A service left
   * without a listener on this proxy is forgotten.
   *
   * @return whether such a listener was open
   */
  public synchronized boolean closeListener(String id) {
    ListenerServer server = listeners.remove(id);
    if (server == null) {
      return false;
    }
    server.close();
    for (ServiceStatus status : List.copyOf(services.values())) {
      if (status.listeners().contains(id)) {
        List<String> remaining = new ArrayList<>(status.listeners());
        remaining.remove(id);
        if (remaining.isEmpty()) {
          services.remove(status.id());
          serviceRuntimes.remove(status.id());
        } else {
          services.put(
              status.id(),
              new ServiceStatus(
                  status.id(),
                  status.router(),
                  List.copyOf(remaining),
                  status.openSessions(),
                  status.routing(),
                  status.parameters()));
        }
      }
    }
    log.info("listener '{}' closed", id);
    return true;
  }

  /** The port listener {@code id} is bound to. */
  public synchronized int port(String id) {
    ListenerServer server = listeners.get(id);
    if (server == null) {
      throw new IllegalArgumentException("no listener '" + id + "'");
    }
    return server.port();
  }

  /** The services that have listeners now, in the order their first listener opened. */
  public synchronized Map<String, ServiceStatus> services() {
    return Collections.unmodifiableSequencedMap(new LinkedHashMap<>(services));
  }

  /** The ids of the listeners open now. */
  public synchronized Set<String> listenerIds() {
    return Set.copyOf(listeners.keySet());
  }

  /** The servers' parameters the routers read, changeable at runtime. */
  public ServerParameters servers() {
    return servers;
  }

  /** Every live session. */
  public SessionRegistry sessions() {
    return sessions;
  }

  @Override
  public synchronized void close() {
    listeners.values().forEach(ListenerServer::close);
    listeners.clear();
    blocking.shutdownNow();
    loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
  }

  /** The servers {@code service} routes to in {@code configuration}, in its order. */
  static List<String> serverIdsOf(Service service, Configuration configuration) {
    return ServiceRuntime.serverIds(service, configuration);
  }

  private static BackendTarget targetOf(Server server) {
    TlsSettings tls = server.tls();
    SslContext context = tls == null ? null : TlsContexts.forServer(server.id(), tls);
    return new BackendTarget(server.id(), server.address(), server.port(), context);
  }

  private ServiceRuntime serviceRuntime(
      Service service, Configuration configuration, AtomicInteger openSessions) {
    return ServiceRuntime.create(
        service,
        configuration,
        monitors,
        targets,
        blocking,
        settings,
        connector,
        serverConnections,
        servers,
        registry,
        openSessions);
  }

  private SessionContext context(
      String listener,
      String service,
      ServiceRuntime runtime,
      @Nullable SslContext tls,
      SessionMeters meters) {
    return new SessionContext(
        listener,
        service,
        runtime.users(),
        runtime.parameters()::sessionSettings,
        runtime.openSessions(),
        runtime.router(),
        connector,
        sessions,
        tls,
        runtime.versionString(),
        settings.maximumPacketLength(),
        settings.authenticationTimeout(),
        random,
        InstantSource.system(),
        meters);
  }

  /** What a service's listeners share. */
  private record ServiceRuntime(
      UserAccountCache users,
      ServiceParameters parameters,
      AtomicInteger openSessions,
      Router router,
      Supplier<String> versionString) {

    static ServiceRuntime create(
        Service service,
        Configuration configuration,
        Monitors monitors,
        Map<String, BackendTarget> targets,
        ExecutorService blocking,
        ProxySettings settings,
        BackendConnector connector,
        ServerConnections serverConnections,
        ServerParameters serverParameters,
        MeterRegistry registry,
        AtomicInteger openSessions) {
      List<String> serverIds = serverIds(service, configuration);
      ServerStates states = monitors.states(serverIds);
      var parameters = service.parameters();
      Router router =
          switch (service.router()) {
            case ReadConnRouter.MODULE ->
                new ReadConnRouter(
                    ReadConnRouter.Options.of(parameters),
                    states,
                    name -> Optional.ofNullable(targets.get(name)),
                    serverParameters::rank);
            case ReadWriteSplitRouter.MODULE -> {
              ReadWriteSplitSettings routerSettings;
              try {
                routerSettings = ReadWriteSplitSettings.of(service.id(), parameters);
              } catch (UnsupportedParameterException e) {
                throw new IllegalStateException(e.getMessage(), e);
              }
              yield new ReadWriteSplitRouter(
                  service.id(),
                  routerSettings,
                  serverIds,
                  states,
                  name -> Optional.ofNullable(targets.get(name)),
                  serverParameters::rank,
                  serverParameters::weight,
                  connector,
                  serverConnections,
                  new java.util.SplittableRandom(),
                  registry);
            }
            default ->
                throw new IllegalStateException(
                    "services/"
                        + service.id()
                        + ": router '"
                        + service.router()
                        + "' is not implemented yet; "
                        + ReadConnRouter.MODULE
                        + " and "
                        + ReadWriteSplitRouter.MODULE
                        + " are");
          };
      List<ServerEndpoint> endpoints = new ArrayList<>();
      for (String id : serverIds) {
        Server server = configuration.servers().get(id);
        endpoints.add(new ServerEndpoint(id, server.address(), server.port()));
      }
      String user = (String) parameters.find("user").orElseThrow();
      String password = ((Secret) parameters.find("password").orElseThrow()).value();
      UserAccountLoader loader =
          new UserAccountLoader(endpoints, user, password, settings.connectTimeout());
      UserAccountCache users =
          new UserAccountCache(
              loader, blocking, settings.usersRefreshInterval(), InstantSource.system());
      users
          .refresh()
          .whenComplete(
              (loaded, failure) -> {
                if (failure != null) {
                  log.warn(
                      "services/{}: cannot load users yet ({}); logins retry",
                      service.id(),
                      failure.getMessage());
                } else {
                  log.info("services/{}: {} user accounts loaded", service.id(), loaded.size());
                }
              });
      ServiceParameters live =
          new ServiceParameters(
              service.id(),
              List.of(ModuleSchemas.SERVICE, ModuleSchemas.router(service.router()).orElseThrow()),
              router,
              parameters);
      Supplier<String> version =
          () -> {
            String configured = live.sessionSettings().versionString();
            return configured != null ? configured : versionOf(states.get());
          };
      return new ServiceRuntime(users, live, openSessions, router, version);
    }

    /** The servers {@code service} routes to in {@code configuration}, in its order. */
    static List<String> serverIds(Service service, Configuration configuration) {
      return switch (service.targets()) {
        case ServiceTargets.Servers servers -> servers.servers();
        case ServiceTargets.Cluster cluster ->
            configuration.monitors().get(cluster.monitor()).servers();
      };
    }

    /**
     * The version a running server reports, as MariaDB announces it: servers before 11.0 put {@code
     * 5.5.5-} in front so that old MySQL clients accept a major version above 5.
     */
    private static String versionOf(List<ServerState> states) {
      for (ServerState state : states) {
        if (!state.version().isEmpty()) {
          String version = state.version();
          return version.startsWith("10.") ? "5.5.5-" + version : version;
        }
      }
      return "5.5.5-10.11.0-MariaDB-weir";
    }
  }
}
