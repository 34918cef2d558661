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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.resources.LoopResources;

/**
 * A running proxy built from resources: the event loops, one user cache and router per service, and
 * one open port per listener. The monitors are started by the caller ({@link Monitors}) and only
 * read here.
 */
public final class ProxyRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyRuntime.class);

  private final LoopResources loops;
  private final ExecutorService blocking;
  private final SessionRegistry sessions;
  private final Map<String, ListenerServer> listeners;
  private final Map<String, ServiceStatus> services;
  private final ServerParameters servers;

  private ProxyRuntime(
      LoopResources loops,
      ExecutorService blocking,
      SessionRegistry sessions,
      Map<String, ListenerServer> listeners,
      Map<String, ServiceStatus> services,
      ServerParameters servers) {
    this.loops = loops;
    this.blocking = blocking;
    this.sessions = sessions;
    this.listeners = listeners;
    this.services = services;
    this.servers = servers;
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
    int threads =
        settings.eventLoops() > 0
            ? settings.eventLoops()
            : Runtime.getRuntime().availableProcessors();
    LoopResources loops = LoopResources.create("weir-proxy", threads, true);
    ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    SessionRegistry sessions = new SessionRegistry();
    WriteBufferWaterMark waterMark =
        new WriteBufferWaterMark(
            settings.writeBufferLowWaterMark(), settings.writeBufferHighWaterMark());
    BackendConnector connector =
        new BackendConnector(
            loops, settings.connectTimeout(), settings.maximumPacketLength(), waterMark);
    Map<String, ListenerServer> listeners = new LinkedHashMap<>();
    Map<String, ServiceStatus> statuses = new LinkedHashMap<>();
    ServerParameters serverParameters = ServerParameters.of(configuration);
    try {
      Map<String, BackendTarget> targets = targets(configuration);
      Map<String, ServiceRuntime> services = new LinkedHashMap<>();
      SecureRandom random = new SecureRandom();
      ServerConnections serverConnections = new ServerConnections();
      for (Listener listener : configuration.listeners().values()) {
        Service service = configuration.services().get(listener.service());
        ServiceRuntime runtime =
            services.computeIfAbsent(
                service.id(),
                id ->
                    ServiceRuntime.create(
                        service,
                        configuration,
                        monitors,
                        targets,
                        blocking,
                        settings,
                        connector,
                        serverConnections,
                        serverParameters,
                        registry));
        SslContext tls =
            listener.tls() == null ? null : TlsContexts.forListener(listener.id(), listener.tls());
        SessionContext context =
            new SessionContext(
                listener.id(),
                service.id(),
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
                new SessionMeters(registry, listener.id(), service.id()));
        ListenerServer server = ListenerServer.bind(listener, loops, context, waterMark);
        listeners.put(listener.id(), server);
        ServiceStatus known = statuses.get(service.id());
        List<String> serviceListeners =
            new ArrayList<>(known == null ? List.of() : known.listeners());
        serviceListeners.add(listener.id());
        statuses.put(
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
    } catch (RuntimeException e) {
      listeners.values().forEach(ListenerServer::close);
      blocking.shutdownNow();
      loops.dispose();
      throw e;
    }
    return new ProxyRuntime(
        loops,
        blocking,
        sessions,
        Map.copyOf(listeners),
        Collections.unmodifiableMap(statuses),
        serverParameters);
  }

  /** The port listener {@code id} is bound to. */
  public int port(String id) {
    ListenerServer server = listeners.get(id);
    if (server == null) {
      throw new IllegalArgumentException("no listener '" + id + "'");
    }
    return server.port();
  }

  /** The services that have listeners, in configuration order. */
  public Map<String, ServiceStatus> services() {
    return services;
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
  public void close() {
    listeners.values().forEach(ListenerServer::close);
    blocking.shutdownNow();
    loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
  }

  private static Map<String, BackendTarget> targets(Configuration configuration) {
    Map<String, BackendTarget> targets = new LinkedHashMap<>();
    for (Server server : configuration.servers().values()) {
      TlsSettings tls = server.tls();
      SslContext context = tls == null ? null : TlsContexts.forServer(server.id(), tls);
      targets.put(
          server.id(), new BackendTarget(server.id(), server.address(), server.port(), context));
    }
    return Map.copyOf(targets);
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
        MeterRegistry registry) {
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
      return new ServiceRuntime(users, live, new AtomicInteger(), router, version);
    }

    private static List<String> serverIds(Service service, Configuration configuration) {
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
