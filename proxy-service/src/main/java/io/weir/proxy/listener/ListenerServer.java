package io.weir.proxy.listener;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.weir.control.resource.Listener;
import io.weir.proxy.session.ClientConnectionHandler;
import io.weir.proxy.session.SessionContext;
import io.weir.wire.frame.PacketDecoder;
import io.weir.wire.frame.PacketEncoder;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * One listener: a Reactor Netty TCP server whose connections each become a session.
 *
 * <p>Reactor Netty binds the port and owns the event loops; the session itself is a plain Netty
 * handler placed first in each connection's pipeline. It consumes every inbound message, so
 * Reactor's own inbound bridge never sees one, and a session's backend connections are opened on
 * the same event loop by {@link io.weir.proxy.backend.BackendConnector}.
 *
 * <p>The port is bound with {@code SO_REUSEPORT} (Linux): several proxy processes on one host can
 * listen on the same port and the kernel spreads new connections among them, and a restarted proxy
 * binds while the old one drains. A second configuration on the same host could therefore share a
 * port silently; within one configuration the loader and {@code ProxyRuntime} refuse two listeners
 * on one address and port (ADR 0009).
 */
public final class ListenerServer implements AutoCloseable {
  private static final PacketEncoder ENCODER = new PacketEncoder();

  private final Listener listener;
  private final AtomicReference<SessionContext> context;
  private final DisposableServer server;

  private ListenerServer(
      Listener listener, AtomicReference<SessionContext> context, DisposableServer server) {
    this.listener = listener;
    this.context = context;
    this.server = server;
  }

  /**
   * Binds {@code listener}'s address and port; every connection gets a session of {@code context},
   * until {@link #switchTo} gives new connections another.
   */
  public static ListenerServer bind(
      Listener listener,
      LoopResources loops,
      SessionContext initial,
      WriteBufferWaterMark waterMark) {
    String host = listener.address();
    AtomicReference<SessionContext> contexts = new AtomicReference<>(initial);
    try {
      DisposableServer server =
          TcpServer.create()
              .host(host)
              .port(listener.port())
              // native (epoll) when available, which reusePort() relies on to pick its option
              .runOn(loops, true)
              .option(reusePort(), true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              // measured faster than Netty 4.2's adaptive default for this relay (bench/README.md)
              .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
              .childOption(ChannelOption.SO_KEEPALIVE, true)
              .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
              .doOnChannelInit(
                  (observer, channel, remoteAddress) -> {
                    // read once: the session keeps this service runtime however it changes later
                    SessionContext context = contexts.get();
                    channel
                        .pipeline()
                        .addFirst("weir.client", new ClientConnectionHandler(context))
                        .addFirst("weir.client.encoder", ENCODER)
                        .addFirst(
                            ClientConnectionHandler.DECODER,
                            new PacketDecoder(context.maximumPacketLength()));
                  })
              // Reactor's bridge would stop reading for want of a subscriber; the session reads
              .doOnConnection(connection -> connection.channel().config().setAutoRead(true))
              .handle((inbound, outbound) -> Mono.never())
              .bindNow();
      return new ListenerServer(listener, contexts, server);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "listeners/"
              + listener.id()
              + ": cannot listen on "
              + listener.address()
              + ":"
              + listener.port()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * {@code SO_REUSEPORT} for the transport the listener binds with: epoll's own option, or the
   * JDK's socket option on NIO (both Linux semantics: same user, every socket sets it).
   */
  private static ChannelOption<Boolean> reusePort() {
    return Epoll.isAvailable()
        ? EpollChannelOption.SO_REUSEPORT
        : NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
  }

  /** The context new connections get now. */
  public SessionContext context() {
    return context.get();
  }

  /**
   * Gives connections accepted from now on {@code next} (a service's new router, after its servers
   * or router changed); sessions open already keep theirs.
   */
  public void switchTo(SessionContext next) {
    context.set(next);
  }

  public String id() {
    return listener.id();
  }

  /**
   * Whether {@code other} would bind the same port on an address this listener covers: the same
   * address, or either one a wildcard. With {@code SO_REUSEPORT} the kernel would let both bind and
   * share clients, so the caller must refuse it.
   */
  public boolean collidesWith(Listener other) {
    return other.port() == listener.port()
        && listener.port() != 0
        && (other.address().equals(listener.address())
            || isWildcard(other.address())
            || isWildcard(listener.address()));
  }

  private static boolean isWildcard(String address) {
    return address.equals("0.0.0.0") || address.equals("::");
  }

  /** The port bound, which differs from the configured one only when that was 0. */
  public int port() {
    return ((InetSocketAddress) server.address()).getPort();
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
